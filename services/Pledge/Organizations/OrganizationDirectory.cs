using FlexPlatform.Coalition.Grpc;
using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;

namespace FlexPlatform.Pledge.Organizations;

/// <summary>Coalition could not be asked; the pledge is refused with 503 rather than taken without its organization.</summary>
public sealed class CoalitionUnavailableException(Exception inner) : Exception("Coalition did not answer.", inner);

/// <summary>
/// Resolves organization codes with Coalition over gRPC. Codes of approved members rarely change, so
/// answers are remembered for a few minutes (unknown codes briefly) to keep pledges off Coalition's path.
/// The memory is bounded: a client sending random codes cannot grow it without limit.
/// </summary>
public sealed class OrganizationDirectory(Members.MembersClient coalition, TimeProvider clock) : IDisposable
{
    public const int MaxRemembered = 10_000;
    private static readonly TimeSpan KnownLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan UnknownLifetime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    private readonly MemoryCache _answers = new(new MemoryCacheOptions { SizeLimit = MaxRemembered });

    /// <summary>The member's id, or null when no approved member has this code.</summary>
    public async Task<Guid?> ResolveAsync(string code, CancellationToken cancellationToken)
    {
        if (_answers.TryGetValue(code, out Guid? remembered))
        {
            return remembered;
        }

        ResolveCodeReply reply;
        try
        {
            reply = await coalition.ResolveCodeAsync(new ResolveCodeRequest { Code = code }, deadline: clock.GetUtcNow().UtcDateTime + Deadline, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            // Any status Coalition was not meant to answer with is its outage, not the client's fault.
            throw new CoalitionUnavailableException(ex);
        }

        Guid? id = reply.Found ? Guid.Parse(reply.OrganizationId) : null;
        _answers.Set(code, id, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = id is null ? UnknownLifetime : KnownLifetime });
        return id;
    }

    /// <summary>The approved member with this slug, asked each time (staff choosing an update's audience), or null.</summary>
    public async Task<Guid?> ResolveSlugAsync(string slug, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await coalition.ResolveSlugAsync(new ResolveSlugRequest { Slug = slug }, deadline: clock.GetUtcNow().UtcDateTime + Deadline, cancellationToken: cancellationToken);
            return reply.Found ? Guid.Parse(reply.OrganizationId) : null;
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            throw new CoalitionUnavailableException(ex);
        }
    }

    /// <summary>After a member was removed: answers are asked again (removals are rare; codes map to ids only through Coalition).</summary>
    public void ForgetAll() => _answers.Clear();

    public void Dispose() => _answers.Dispose();
}
