
namespace FlexPlatform.AppHost.Publishing;

/// <summary>How big the operator-run servers are in one overlay.</summary>
public sealed record BackingSize(int PostgresInstances, string PostgresStorage, int RabbitMqReplicas, int RedisNodes);

/// <summary>
/// PostgreSQL, RabbitMQ and Redis are not pods of ours: they are requests to operators that run them
/// (CloudNativePG, the RabbitMQ cluster operator, OT-Container-Kit's Redis operator). The custom
/// resources only name Secrets; the operators or the cluster's owner create them.
/// </summary>
public static class BackingServices
{
    public static IEnumerable<YamlMap> For(IReadOnlyList<PublishedConnection> connections, BackingSize size)
    {
        foreach (var databases in connections.OfType<PublishedDatabase>().GroupBy(d => d.ServerName))
        {
            yield return PostgresCluster(databases.Key, [.. databases], size);
            foreach (var database in databases)
            {
                yield return Database(database);
            }
        }

        foreach (var broker in connections.OfType<PublishedBroker>())
        {
            yield return RabbitMq(broker, size);
        }

        foreach (var cache in connections.OfType<PublishedCache>())
        {
            yield return Redis(cache, size);
        }
    }

    // One cluster, one database and owner role per service: services never share tables, and the
    // cluster's "-ro" Service gives public reads a replica to go to once instances > 1.
    private static YamlMap PostgresCluster(string name, IReadOnlyList<PublishedDatabase> databases, BackingSize size) => new()
    {
        { "apiVersion", "postgresql.cnpg.io/v1" },
        { "kind", "Cluster" },
        { "metadata", new YamlMap { { "name", name } } },
        { new YamlComment($"CloudNativePG: writes through the {name}-rw Service, replicas behind {name}-ro.") },
        { "spec", new YamlMap
        {
            { "instances", size.PostgresInstances },
            { "storage", new YamlMap { { "size", size.PostgresStorage } } },
            { "managed", new YamlMap
            {
                { "roles", databases.Select(d => new YamlMap
                {
                    { "name", d.Name },
                    { "ensure", "present" },
                    { "login", true },
                    { "passwordSecret", new YamlMap { { "name", KubernetesNames.DatabaseOwnerSecret(d) } } },
                }).ToList() },
            } },
        } },
    };

    private static YamlMap Database(PublishedDatabase database) => new()
    {
        { "apiVersion", "postgresql.cnpg.io/v1" },
        { "kind", "Database" },
        { "metadata", new YamlMap { { "name", database.Name } } },
        { "spec", new YamlMap
        {
            { "name", database.Name },
            { "owner", database.Name },
            { "cluster", new YamlMap { { "name", database.ServerName } } },
        } },
    };

    // Quorum queues by default: replicated across the broker's nodes, so a node lost loses no message.
    private static YamlMap RabbitMq(PublishedBroker broker, BackingSize size) => new()
    {
        { "apiVersion", "rabbitmq.com/v1beta1" },
        { "kind", "RabbitmqCluster" },
        { "metadata", new YamlMap { { "name", broker.Name } } },
        { new YamlComment("Quorum queues by default: MassTransit declares no queue type, so its queues are replicated.") },
        { "spec", new YamlMap
        {
            { "replicas", size.RabbitMqReplicas },
            { "rabbitmq", new YamlMap { { "additionalConfig", "default_queue_type = quorum" } } },
        } },
    };

    // A primary and a replica: Redis holds only what PostgreSQL can rebuild (counters, fan-out).
    private static YamlMap Redis(PublishedCache cache, BackingSize size) => new()
    {
        { "apiVersion", "redis.redis.opstreelabs.in/v1beta2" },
        { "kind", "RedisReplication" },
        { "metadata", new YamlMap { { "name", cache.Name } } },
        { new YamlComment("A primary and a replica; Redis holds only what Pledge rebuilds from PostgreSQL.") },
        { "spec", new YamlMap
        {
            { "clusterSize", size.RedisNodes },
            { "kubernetesConfig", new YamlMap { { "image", "quay.io/opstree/redis:v7.0.15" } } },
        } },
    };
}
