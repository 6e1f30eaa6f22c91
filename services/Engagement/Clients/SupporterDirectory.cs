using FlexPlatform.Pledge.Grpc;
using Grpc.Core;

namespace FlexPlatform.Engagement.Clients;

/// <summary>Asks Pledge (gRPC) about supporters. Pledge being away never blocks a signature or a read.</summary>
public sealed class SupporterDirectory(Supporters.SupportersClient pledge, ILogger<SupporterDirectory> logger)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    public async Task<bool> IsConfirmedSupporterAsync(string email, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await pledge.IsConfirmedSupporterAsync(new IsConfirmedSupporterRequest { Email = email }, deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
            return reply.Confirmed;
        }
        catch (RpcException ex)
        {
            logger.LogWarning("Could not ask Pledge about a signer ({Status})", ex.StatusCode);
            return false;
        }
    }

    /// <summary>The public profile of a listed, confirmed supporter, or null.</summary>
    public async Task<GetProfileReply?> ProfileAsync(Guid supporterId, CancellationToken cancellationToken)
    {
        var reply = await pledge.GetProfileAsync(new GetProfileRequest { SupporterId = supporterId.ToString() }, deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
        return reply.Found ? reply : null;
    }
}
