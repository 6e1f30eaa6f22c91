using System.Text.Json.Nodes;
using FlexPlatform.ServiceDefaults.Security;
using Microsoft.AspNetCore.Routing.Template;

namespace FlexPlatform.Gateway.Operations;

/// <summary>What a service's OpenAPI document says of one of its operations, as far as the edge is concerned.</summary>
/// <param name="MaxBodyBytes">The body limit the service enforces (<c>x-max-body-bytes</c>), refused here up front with the same number.</param>
/// <param name="QueryKeys">The query parameters it reads: the only ones a cached answer varies by.</param>
/// <param name="Roles">The staff roles its bearer requirement admits; none for a public operation.</param>
public sealed record Operation(string Method, string Path, long? MaxBodyBytes, IReadOnlyList<string> QueryKeys, IReadOnlyList<string> Roles)
{
    /// <summary>It asks for a staff bearer: never cached, checked here first, and staff calls spend no visitor allowance.</summary>
    public bool Admin => Roles.Count > 0;
}

/// <summary>
/// Finds the operation a request is for, the way the service's own router would: a literal segment beats a
/// parameter, so <c>/api/engagement/events/calendar.ics</c> is not taken for <c>/api/engagement/events/{slug}</c>.
/// </summary>
public sealed class OperationTable
{
    public static readonly OperationTable Empty = new([]);
    private readonly IReadOnlyList<(Operation Operation, TemplateMatcher Matcher)> _operations;

    private readonly Dictionary<string, (Operation Operation, TemplateMatcher Matcher)[]> _byMethod;

    private OperationTable(IReadOnlyList<(Operation Operation, TemplateMatcher Matcher)> operations)
    {
        _operations = operations;
        _byMethod = operations.GroupBy(o => o.Operation.Method, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every operation, in the order requests are matched against them.</summary>
    public IEnumerable<Operation> All => _operations.Select(o => o.Operation);

    public static OperationTable From(IEnumerable<JsonObject> documents)
    {
        var operations = new List<(Operation Operation, RouteTemplate Template)>();
        foreach (var document in documents)
        {
            foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
            {
                foreach (var (method, operation) in item?.AsObject() ?? [])
                {
                    if (operation is JsonObject described && method is "get" or "post" or "put" or "patch" or "delete")
                    {
                        operations.Add((Describe(method.ToUpperInvariant(), path, described), TemplateParser.Parse(path.TrimStart('/'))));
                    }
                }
            }
        }

        return new OperationTable(operations
            .OrderBy(o => o.Template, Specificity.Instance)
            .Select(o => (o.Operation, new TemplateMatcher(o.Template, [])))
            .ToList());
    }

    /// <summary>The operation of this method and path, or null for one no service describes.</summary>
    public Operation? Find(string method, PathString path)
    {
        if (!_byMethod.TryGetValue(HttpMethods.IsHead(method) ? HttpMethods.Get : method, out var candidates))
        {
            return null;
        }

        var values = new RouteValueDictionary();
        foreach (var (operation, matcher) in candidates)
        {
            values.Clear();
            if (matcher.TryMatch(path, values))
            {
                return operation;
            }
        }

        return null;
    }

    // A malformed value throws: the document is then not taken (ServiceDocuments keeps the last good one).
    private static Operation Describe(string method, string path, JsonObject operation) => new(
        method,
        path,
        operation[OpenApiExtensions.MaxBodyBytesExtension]?.GetValue<long>(),
        (operation["parameters"]?.AsArray() ?? [])
            .Where(p => p?["in"]?.GetValue<string>() == "query")
            .Select(p => p!["name"]!.GetValue<string>())
            .ToList(),
        Roles(operation["security"]?.AsArray()));

    // Every requirement's bearer roles ("security": [{"Bearer": ["admin", "moderator"]}]); a requirement naming no
    // role (an older document) admits admins only.
    private static List<string> Roles(JsonArray? security) =>
        security is not { Count: > 0 }
            ? []
            : security.SelectMany(r => r!.AsObject().SelectMany(s => s.Value!.AsArray().Select(role => role!.GetValue<string>()).DefaultIfEmpty(StaffRoles.Admin)))
                .Distinct(StringComparer.Ordinal)
                .ToList();

    // Segment by segment: literal, then parameter, then catch-all.
    private sealed class Specificity : IComparer<RouteTemplate>
    {
        public static readonly Specificity Instance = new();

        public int Compare(RouteTemplate? x, RouteTemplate? y)
        {
            for (var i = 0; i < Math.Min(x!.Segments.Count, y!.Segments.Count); i++)
            {
                var order = Rank(x.Segments[i]).CompareTo(Rank(y.Segments[i]));
                if (order != 0)
                {
                    return order;
                }
            }

            return y.Segments.Count.CompareTo(x.Segments.Count);
        }

        private static int Rank(TemplateSegment segment) =>
            segment.IsSimple && segment.Parts[0].IsLiteral ? 0 : segment.Parts.Any(p => p.IsCatchAll) ? 2 : 1;
    }
}
