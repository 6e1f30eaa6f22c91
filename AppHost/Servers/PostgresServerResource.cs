namespace FlexPlatform.AppHost.Servers;

/// <summary>Debian's PostgreSQL run by DCP as an executable, its data under the platform's data folder.</summary>
public sealed class PostgresServerResource(string name, string command, string dataDirectory)
    : ExecutableResource(name, command, workingDirectory: dataDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public string DataDirectory => WorkingDirectory;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.IPV4Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres");
}

/// <summary>One service's database on the shared server, created when missing; its connection string names it.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithParent<PostgresServerResource>, IResourceWithConnectionString
{
    public PostgresServerResource Parent => parent;

    public string DatabaseName => databaseName;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{parent};Database={databaseName}");
}
