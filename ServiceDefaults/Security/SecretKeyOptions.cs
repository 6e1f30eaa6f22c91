using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlexPlatform.ServiceDefaults.Security;

/// <summary>A key from the secret store (at least 32 characters); Development runs with a fixed, named stand-in.</summary>
public abstract class SecretKeyOptions
{
    public string Key { get; set; } = "";
}

public static class SecretKeyOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <paramref name="section"/>. Outside Development a missing or short key
    /// fails the start, never falling back silently; in Development <paramref name="developmentKey"/> stands in.
    /// </summary>
    public static IHostApplicationBuilder AddSecretKey<TOptions>(this IHostApplicationBuilder builder, string section, string developmentKey)
        where TOptions : SecretKeyOptions
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<TOptions>().BindConfiguration(section)
            .PostConfigure(o => o.Key = o.Key.Length == 0 && development ? developmentKey : o.Key)
            .Validate(o => o.Key.Length >= 32, $"{section}:Key is required outside Development: at least 32 characters from the secret store.")
            .ValidateOnStart();
        return builder;
    }
}
