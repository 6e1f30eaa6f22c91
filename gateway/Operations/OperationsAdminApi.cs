namespace FlexPlatform.Gateway.Operations;

/// <summary>
/// What the gateway took from the services' descriptions (<c>GET /admin/operations</c>), and which operation it
/// takes a given request for (<c>?method=POST&amp;path=/api/content/posts</c>): for an operator wondering why a
/// request was refused or cached.
/// </summary>
public static class OperationsAdminApi
{
    public static WebApplication MapOperationsAdminApi(this WebApplication app)
    {
        app.MapGet("/admin/operations", (ServiceDocuments documents, string? method, string? path) =>
        {
            var table = documents.Operations;
            return method is null || path is null
                ? Results.Ok(new { services = documents.Documents.Keys.Order(StringComparer.Ordinal), operations = table.All })
                : table.Find(method, new PathString(path)) is { } operation
                    ? Results.Ok(operation)
                    : Results.Problem(title: "No service describes this operation.", statusCode: StatusCodes.Status404NotFound);
        }).RequireAdmin().ExcludeFromDescription();
        return app;
    }
}
