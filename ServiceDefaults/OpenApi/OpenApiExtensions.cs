using Microsoft.AspNetCore.Authorization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every service describes its own routes at <c>/openapi/v1.json</c> (OpenAPI 3.1); the gateway merges
/// them into the one document clients read. Admin routes carry the bearer security requirement.
/// </summary>
public static class OpenApiExtensions
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string MaxBodyBytesExtension = "x-max-body-bytes";
    private const string Bearer = "Bearer";

    public static IHostApplicationBuilder AddServiceOpenApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A JWT with role `admin` (locally: `dotnet user-jwts create --project gateway --role admin`).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] });
                    operation.Responses ??= new OpenApiResponses();
                    operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid bearer token." });
                    operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token lacks the admin role." });
                }

                // The body limit is part of the contract: the gateway refuses larger bodies up front with the same number.
                if (context.Description.HttpMethod is not ("GET" or "HEAD" or "DELETE")
                    && context.Description.ActionDescriptor.EndpointMetadata.OfType<IRequestSizeLimitMetadata>().LastOrDefault()?.MaxRequestBodySize is { } limit)
                {
                    operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                    operation.Extensions[MaxBodyBytesExtension] = new JsonNodeExtension(JsonValue.Create(limit));
                    operation.Responses ??= new OpenApiResponses();
                    operation.Responses.TryAdd("413", new OpenApiResponse { Description = $"The body is larger than {limit:N0} bytes." });
                }

                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static WebApplication MapServiceOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        return app;
    }
}
