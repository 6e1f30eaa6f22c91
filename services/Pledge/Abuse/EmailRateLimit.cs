using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlexPlatform.Pledge.Abuse;

/// <summary>
/// Limits pledges per email address across all replicas (a fixed window in Redis), so nobody can flood
/// one inbox with confirmation mail from many addresses. Keys hold a hash, never the address. With Redis
/// down it lets pledges through: the gateway's per-client limit and the mail throttle still apply.
/// </summary>
public sealed class EmailRateLimit(IConnectionMultiplexer redis, IOptions<AbuseOptions> options, ILogger<EmailRateLimit> logger)
{
    private static readonly LuaScript Hit = LuaScript.Prepare(
        """
        local n = redis.call('INCR', @key)
        if n == 1 then redis.call('PEXPIRE', @key, @windowMs) end
        return n
        """);

    /// <summary>Counts one submission for this (normalized) email; false when it is over the limit.</summary>
    public async Task<bool> TryAcquireAsync(string normalizedEmail)
    {
        var limits = options.Value;
        var key = (RedisKey)("pledge:email-limit:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)))[..32]);
        try
        {
            var hits = (long)await redis.GetDatabase().ScriptEvaluateAsync(Hit, new { key, windowMs = (long)limits.EmailWindow.TotalMilliseconds });
            return hits <= limits.SubmissionsPerEmail;
        }
        catch (Exception ex) when (RedisOutage.Is(ex))
        {
            logger.LogWarning("Per-email limit not checked ({Reason})", ex.GetType().Name);
            return true;
        }
    }
}
