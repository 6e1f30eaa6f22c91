using FlexPlatform.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
        builder.DescribeApiTags(
            ("Development", "Local runs and tests only: the mail the platform would have sent. Absent in Production."),
            ("Operations", "For staff and operators: parked messages, mail delivery, derived counts."));
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
                    Description = "A JWT with a staff role: `admin`, `moderator` or `editor`, as each operation lists (the staff console sends one for whoever is signed in; locally also `dotnet user-jwts create --project gateway --role admin`).",
                };
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, context, _) =>
            {
                var described = context.ApplicationServices.GetService<IOptions<ApiTagDescriptions>>()?.Value.Descriptions ?? [];
                document.Tags = document.Tags?.Select(tag => described.TryGetValue(tag.Name!, out var text) ? new OpenApiTag { Name = tag.Name, Description = text } : tag).ToHashSet();
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                operation.OperationId ??= OperationIds.Of(context.Description);
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().ToList() is { Count: > 0 } authorize)
                {
                    // OpenAPI 3.1: a bearer requirement may list the roles it admits; the gateway checks the same list.
                    var roles = StaffRoles.Admitted(authorize.Select(a => a.Policy));
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [.. roles] });
                    operation.Responses ??= new OpenApiResponses();
                    operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid bearer token." });
                    operation.Responses.TryAdd("403", new OpenApiResponse { Description = $"The token has none of the roles {string.Join(", ", roles)}." });
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

    /// <summary>What each of this service's tags (<c>WithTags</c>) groups, for the document's readers.</summary>
    public static IHostApplicationBuilder DescribeApiTags(this IHostApplicationBuilder builder, params (string Tag, string Description)[] tags)
    {
        builder.Services.Configure<ApiTagDescriptions>(o =>
        {
            foreach (var (tag, description) in tags)
            {
                o.Descriptions[tag] = description;
            }
        });
        return builder;
    }

    public static WebApplication MapServiceOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        return app;
    }
}

public sealed class ApiTagDescriptions
{
    public Dictionary<string, string> Descriptions { get; } = new(StringComparer.Ordinal);
}
