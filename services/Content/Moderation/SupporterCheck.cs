using FlexPlatform.Pledge.Grpc;
using Grpc.Core;

namespace FlexPlatform.Content.Moderation;

/// <summary>Asks Pledge (gRPC) whether an author is a confirmed supporter. Unknown (null) when Pledge cannot answer in time: scoring goes on without it.</summary>
public sealed class SupporterCheck(Supporters.SupportersClient client, ILogger<SupporterCheck> logger)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    public async Task<bool?> IsConfirmedSupporterAsync(string email, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await client.IsConfirmedSupporterAsync(
                new IsConfirmedSupporterRequest { Email = email.Trim() }, deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
            return reply.Confirmed;
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            logger.LogWarning("Supporter status not known ({Status})", ex.StatusCode);
            return null;
        }
    }
}
