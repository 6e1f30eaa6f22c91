using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using FlexPlatform.ServiceDefaults.Security;
using StackExchange.Redis;

namespace FlexPlatform.ServiceDefaults.Abuse;

public sealed class EmailRateLimitOptions
{
    public const string Section = "Abuse";

    /// <summary>Submissions one email address may make per window, whoever sends them.</summary>
    [Range(1, 1_000_000)]
    public int SubmissionsPerEmail { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan EmailWindow { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Limits submissions per email address across all replicas (a fixed window in Redis), so nobody can flood
/// one inbox with mail from many addresses. Keys hold a keyed hash (<see cref="KeyedHash"/>), never the address; each service counts in its
/// own scope. With Redis down it lets submissions through: the gateway's per-client limit and the mail throttle still apply.
/// </summary>
public sealed class EmailRateLimit(IConnectionMultiplexer redis, string scope, KeyedHash hash, IOptions<EmailRateLimitOptions> options, ILogger<EmailRateLimit> logger)
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
        var key = (RedisKey)($"{scope}:email-limit:" + hash.Of("email", normalizedEmail));
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

public static class EmailRateLimitExtensions
{
    /// <summary>The per-email limit (<c>Abuse:SubmissionsPerEmail</c> per <c>Abuse:EmailWindow</c>), counted under <paramref name="scope"/>.</summary>
    public static IHostApplicationBuilder AddEmailRateLimit(this IHostApplicationBuilder builder, string scope)
    {
        builder.Services.AddOptions<EmailRateLimitOptions>().BindConfiguration(EmailRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddKeyedHash();
        builder.Services.AddSingleton(sp => new EmailRateLimit(
            sp.GetRequiredService<IConnectionMultiplexer>(), scope, sp.GetRequiredService<KeyedHash>(),
            sp.GetRequiredService<IOptions<EmailRateLimitOptions>>(), sp.GetRequiredService<ILogger<EmailRateLimit>>()));
        return builder;
    }
}
