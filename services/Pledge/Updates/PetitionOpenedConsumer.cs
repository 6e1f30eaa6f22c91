using System.Globalization;
using FlexPlatform.Contracts.Engagement;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Pledge.Updates;

/// <summary>A new petition drafts an update asking supporters to sign, for staff to review and send; once per petition.</summary>
public sealed class PetitionOpenedConsumer(Inbox inbox, UpdateStore store, IOptions<MailOptions> mail) : IConsumer<PetitionOpened>
{
    public Task Consume(ConsumeContext<PetitionOpened> context)
    {
        var petition = context.Message;
        var body = $"""
            A new petition needs your name: **{petition.Title}**.

            {petition.Summary}

            It goes to {petition.Target} once {petition.Goal.ToString("N0", CultureInfo.InvariantCulture)} people have signed, and closes on {petition.ClosesAt:MMMM d, yyyy}.
            Sign it here: {mail.Value.PublicBaseUrl.TrimEnd('/')}/petitions/{petition.Slug}

            _Staff: say why this petition matters now, then send._
            """;
        return inbox.HandleOnceAsync(context, nameof(PetitionOpenedConsumer), (tx, cancellationToken) =>
            store.CreateDraftAsync(tx, $"petition-{petition.PetitionId:N}", $"Sign: {petition.Title}", body, MilestoneReachedConsumer.Author, cancellationToken));
    }
}
