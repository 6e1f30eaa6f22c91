using System.Collections.Concurrent;
using FlexPlatform.Coalition.Grpc;
using Grpc.Core;

namespace FlexPlatform.Pledge.Organizations;

/// <summary>Coalition could not be asked; the pledge is refused with 503 rather than taken without its organization.</summary>
public sealed class CoalitionUnavailableException(Exception inner) : Exception("Coalition did not answer.", inner);

/// <summary>
/// Resolves organization codes with Coalition over gRPC. Codes of approved members rarely change, so
/// answers are remembered for a few minutes (unknown codes briefly) to keep pledges off Coalition's path.
/// </summary>
public sealed class OrganizationDirectory(Members.MembersClient coalition, TimeProvider clock)
{
    private static readonly TimeSpan KnownLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan UnknownLifetime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, (Guid? Id, DateTimeOffset Until)> _answers = new(StringComparer.Ordinal);

    /// <summary>The member's id, or null when no approved member has this code.</summary>
    public async Task<Guid?> ResolveAsync(string code, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_answers.TryGetValue(code, out var remembered) && remembered.Until > now)
        {
            return remembered.Id;
        }

        ResolveCodeReply reply;
        try
        {
            reply = await coalition.ResolveCodeAsync(new ResolveCodeRequest { Code = code }, deadline: now.UtcDateTime + Deadline, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal)
        {
            throw new CoalitionUnavailableException(ex);
        }

        Guid? id = reply.Found ? Guid.Parse(reply.OrganizationId) : null;
        _answers[code] = (id, now + (id is null ? UnknownLifetime : KnownLifetime));
        return id;
    }
}
