using Npgsql;

namespace FlexPlatform.AppHost.Hosting;

/// <summary>One service's database on the shared server; created when missing.</summary>
public sealed class PostgresDatabase(string name, PostgresServer server, PlatformOptions options)
    : Resource(name, options), IResourceWithConnectionString
{
    public override string Kind => "Database";

    public string ConnectionName => Name;

    public PostgresServer Server => server;

    public string ConnectionString => server.ConnectionStringFor(Name);

    public override IReadOnlyList<string> Endpoints => server.Endpoints.Select(e => $"{e}/{Name}").ToArray();

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        State = ResourceState.Starting;
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor("postgres") + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = Name });
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            // Names come from the app model, never from input; quoted all the same.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            Logs.Add($"[apphost] created database {Name}");
        }

        State = ResourceState.Running;
        Health = "Healthy";
    }

    public override Task StopAsync()
    {
        State = ResourceState.Stopped;
        Health = null;
        return Task.CompletedTask;
    }
}
