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

    /// <summary>
    /// The public profiles of listed, confirmed supporters, in one call: null for each one who is not listed, and
    /// null for all when Pledge does not answer (the caller shows what it has rather than failing).
    /// </summary>
    public async Task<IReadOnlyList<GetProfileReply?>> ProfilesAsync(IReadOnlyList<Guid> supporterIds, CancellationToken cancellationToken)
    {
        if (supporterIds.Count == 0)
        {
            return [];
        }

        try
        {
            var request = new GetProfilesRequest();
            request.SupporterIds.AddRange(supporterIds.Select(id => id.ToString()));
            var reply = await pledge.GetProfilesAsync(request, deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
            return reply.Profiles.Select(p => p.Found ? p : null).ToList();
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not ask Pledge for supporters' profiles ({Status})", ex.StatusCode);
            return supporterIds.Select(_ => (GetProfileReply?)null).ToList();
        }
    }
}
