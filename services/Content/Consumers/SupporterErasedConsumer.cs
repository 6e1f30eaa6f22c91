using FlexPlatform.Content.Data;
using FlexPlatform.Contracts.Pledge;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Messaging;
using FlexPlatform.ServiceDefaults.Security;
using MassTransit;

namespace FlexPlatform.Content.Consumers;

/// <summary>Deletes an erased person's stories, comments and reports, and every mail to them, once (inbox).</summary>
public sealed class SupporterErasedConsumer(Inbox inbox, KeyedHash hash) : IConsumer<SupporterErased>
{
    public Task Consume(ConsumeContext<SupporterErased> context) =>
        inbox.HandleOnceAsync(context, nameof(SupporterErasedConsumer), async (tx, cancellationToken) =>
        {
            var written = await AuthorErasure.ForgetAsync(tx, context.Message.EmailNormalized, hash, cancellationToken);
            await MailOutbox.ForgetAsync(tx, [context.Message.Email, .. written], cancellationToken);
        });
}
