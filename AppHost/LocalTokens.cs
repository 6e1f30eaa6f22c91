using Microsoft.Extensions.Configuration.UserSecrets;

namespace FlexPlatform.AppHost;

/// <summary>Staff tokens minted locally with <c>dotnet user-jwts</c>, for scripts (README, "Admin routes").</summary>
public static class LocalTokens
{
    /// <summary>The user secrets every service reads (they share the gateway's id), where <c>dotnet user-jwts</c> writes its signing key.</summary>
    public const string SecretsId = "flexplatform-gateway";

    /// <summary>
    /// A service watches its user-secrets folder only if the folder exists when it starts; on a fresh machine the first
    /// <c>dotnet user-jwts create</c> makes it later, and its tokens were refused ("signature key was not found") until a restart.
    /// </summary>
    public static void EnsureSecretsFolder() =>
        Directory.CreateDirectory(Path.GetDirectoryName(PathHelper.GetSecretsPathFromSecretsId(SecretsId))!);
}
