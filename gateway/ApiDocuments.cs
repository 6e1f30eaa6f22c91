using System.Text.Json.Nodes;
using FlexPlatform.Gateway.Operations;
using Microsoft.Extensions.Caching.Memory;
using Scalar.AspNetCore;

namespace FlexPlatform.Gateway;

/// <summary>
/// One OpenAPI document for clients: each service's own document (<see cref="ServiceDocuments"/>), merged,
/// keeping only the routes the gateway exposes (<c>/api/**</c>). Schemas with the same name and different
/// shapes are renamed per service. Scalar at <c>/scalar</c> browses it.
/// </summary>
public static class ApiDocuments
{
    public static WebApplication MapApiDocuments(this WebApplication app)
    {
        app.MapGet(OpenApiExtensions.DocumentPath, GetAsync).ExcludeFromDescription();
        app.MapScalarApiReference("/scalar", options => options
            .WithTitle("FlexPlatform API")
            .WithOpenApiRoutePattern(OpenApiExtensions.DocumentPath));
        return app;
    }

    private static async Task<IResult> GetAsync(ServiceDocuments services, IMemoryCache cache)
    {
        await services.FirstRound;
        // Merged once per set of documents fetched (they change when a service's routes do).
        var documents = services.Documents;
        // One merge at a time per set: the documents' nodes are read by it, and are not safe to read from two threads.
        var merged = cache.GetOrCreate(documents, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(2);
            return new Lazy<string>(() => Merge(ServiceDocuments.Services.Where(documents.ContainsKey).Select(s => (s, documents[s]))).ToJsonString());
        });
        return Results.Text(merged!.Value, "application/json");
    }

    internal static JsonObject Merge(IEnumerable<(string Service, JsonObject Document)> documents)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        var tags = new JsonArray();
        foreach (var (service, source) in documents)
        {
            var document = RenameClashingSchemas(service, source, schemas);
            foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
            {
                if (path.StartsWith("/api/", StringComparison.Ordinal))
                {
                    paths[path] = WithGatewayAnswers(item!.DeepClone().AsObject());
                }
            }

            foreach (var (name, schema) in document["components"]?["schemas"]?.AsObject() ?? [])
            {
                schemas[name] = schema!.DeepClone();
            }

            foreach (var tag in document["tags"]?.AsArray() ?? [])
            {
                // Every service describes the tags the service defaults bring ("Development"): one is enough.
                if (!tags.Any(t => t!["name"]!.GetValue<string>() == tag!["name"]!.GetValue<string>()))
                {
                    tags.Add(tag!.DeepClone());
                }
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "FlexPlatform public API",
                ["version"] = "v1",
                ["description"] = "The routes web and mobile clients call through the gateway. Errors are RFC 9457 problem details; validation errors name each field under `errors`.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            // Public unless an operation asks for the admin bearer itself.
            ["security"] = new JsonArray(),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = Used(schemas, paths),
                ["securitySchemes"] = new JsonObject
                {
                    ["Bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT", ["description"] = "A JWT with a staff role (`admin`, `moderator`, `editor`) that the operation lists." },
                },
            },
            ["tags"] = new JsonArray(tags.Where(t => UsedTags(paths).Contains(t!["name"]!.GetValue<string>())).Select(t => t!.DeepClone()).ToArray()),
        };
    }

    // What the gateway itself may answer on any route: its per-client limits.
    private static JsonObject WithGatewayAnswers(JsonObject item)
    {
        foreach (var (_, operation) in item)
        {
            if (operation?["responses"] is JsonObject responses && !responses.ContainsKey("429"))
            {
                responses["429"] = new JsonObject { ["description"] = "Too many requests from this client; `Retry-After` says when to try again." };
            }
        }

        return item;
    }

    // The schemas the kept paths reach, directly or through other schemas (admin routes' own are left out with them).
    private static JsonObject Used(JsonObject schemas, JsonObject paths)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<JsonNode>([paths]);
        while (pending.TryDequeue(out var node))
        {
            foreach (var name in References(node).Where(used.Add))
            {
                if (schemas[name] is { } schema)
                {
                    pending.Enqueue(schema);
                }
            }
        }

        return new JsonObject(schemas.Where(s => used.Contains(s.Key)).Select(s => KeyValuePair.Create(s.Key, s.Value?.DeepClone())));
    }

    private static IEnumerable<string> References(JsonNode node) =>
        System.Text.RegularExpressions.Regex.Matches(node.ToJsonString(), "\"#/components/schemas/([^\"]+)\"").Select(m => m.Groups[1].Value);

    private static HashSet<string> UsedTags(JsonObject paths) =>
        paths.SelectMany(p => p.Value!.AsObject())
            .SelectMany(op => op.Value?["tags"]?.AsArray() ?? [])
            .Select(t => t!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);

    // Two services may both name a schema "TokenRequest" with different shapes: the later one is
    // renamed "<service>.TokenRequest", references included. Identical shapes are shared.
    private static JsonObject RenameClashingSchemas(string service, JsonObject document, JsonObject existing)
    {
        var text = document.ToJsonString();
        foreach (var (name, schema) in document["components"]?["schemas"]?.AsObject() ?? [])
        {
            if (existing[name] is { } other && !JsonNode.DeepEquals(other, schema))
            {
                text = text.Replace($"\"#/components/schemas/{name}\"", $"\"#/components/schemas/{service}.{name}\"", StringComparison.Ordinal)
                    .Replace($"\"{name}\":{{", $"\"{service}.{name}\":{{", StringComparison.Ordinal);
            }
        }

        return JsonNode.Parse(text)!.AsObject();
    }
}
