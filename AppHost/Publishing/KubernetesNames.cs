
namespace FlexPlatform.AppHost.Publishing;

/// <summary>
/// Names the manifests share: ports, Secrets and their keys. The Secrets are created by whoever runs
/// the cluster (or by the operators); the manifests only name them, so no value is ever written out.
/// </summary>
public static class KubernetesNames
{
    public const string PartOf = "flexplatform";
    public const string ConfigMap = "flexplatform-config";
    public const string JwtSecret = "jwt-bearer";
    /// <summary>The key of keyed hashes of emails and client addresses (<c>Hashing__Key</c>), for the services that store or count them.</summary>
    public const string HashingSecret = "hashing";
    public const string HashingKey = "key";
    /// <summary>The key services sign their gRPC calls to each other with (<c>ServiceAuth__Key</c>).</summary>
    public const string ServiceAuthSecret = "service-auth";
    public const string ServiceAuthKey = "key";
    /// <summary>The key the staff console signs its short-lived staff tokens with, and every project checks them with (<c>StaffAuth__Key</c>).</summary>
    public const string StaffAuthSecret = "staff-auth";
    public const string StaffAuthKey = "key";
    /// <summary>
    /// The organization's OpenID Connect provider for staff sign-in, read by the staff console only if the Secret
    /// exists (without it, staff sign in by mailed link).
    /// </summary>
    public const string StaffIdentityProviderSecret = "staff-identity-provider";
    public static readonly (string Variable, string Key)[] StaffIdentityProviderSettings =
    [
        ("Staff__OpenIdConnect__Authority", "authority"),
        ("Staff__OpenIdConnect__ClientId", "client-id"),
        ("Staff__OpenIdConnect__ClientSecret", "client-secret"),
        ("Staff__OpenIdConnect__DisplayName", "display-name"),
    ];

    public const string ConnectionKey = "connectionString";
    public const string TlsSecret = "flexplatform-tls";
    public const int HttpPort = 8080;
    public const int GrpcPort = 8081;

    /// <summary>The non-root user of the SDK's container images (APP_UID of the .NET base images).</summary>
    public const int AppUid = 1654;

    public static string ConnectionSecret(PublishedConnection resource) => $"{resource.ConnectionName}-connection";

    public static string DatabaseOwnerSecret(PublishedDatabase database) => $"{database.Name}-owner";

    public static string Image(PublishedProject project, string tag) => $"flexplatform/{project.Name}:{tag}";

    public static YamlMap Labels(string name) => new()
    {
        { "app.kubernetes.io/name", name },
    };

    /// <summary>JWT bearer settings in the shape <c>dotnet user-jwts</c> writes, each from a key of <see cref="JwtSecret"/>.</summary>
    public static readonly IReadOnlyList<(string Variable, string Key)> JwtSettings =
    [
        ("Authentication__Schemes__Bearer__ValidIssuer", "issuer"),
        ("Authentication__Schemes__Bearer__ValidAudiences__0", "audience"),
        ("Authentication__Schemes__Bearer__SigningKeys__0__Issuer", "issuer"),
        ("Authentication__Schemes__Bearer__SigningKeys__0__Value", "signing-key"),
    ];
}
