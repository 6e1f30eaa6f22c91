using FlexPlatform.Domain.Text;
using FlexPlatform.Engagement.Data;
using FlexPlatform.Engagement.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Engagement.Api;

public sealed record IdeaResponse(string Slug, string Title, string Summary, string Html);

/// <summary>Ideas to get involved: admins write them, everyone reads them in order.</summary>
public static class IdeasApi
{
    public static IEndpointRouteBuilder MapIdeasApi(this IEndpointRouteBuilder app)
    {
        var ideas = app.MapGroup("/api/engagement/ideas").WithTags("Ideas");
        ideas.MapGet("/", ListAsync)
            .WithSummary("Ways to get involved");
        ideas.MapGroup("").RequireEditor().WithMetadata(new RequestSizeLimitAttribute(EventsApi.MaxAdminBodyBytes)).MapPost("/", CreateAsync)
            .WithSummary("Add a way to get involved");
        return app;
    }

    public static async Task<Results<Created<SlugResponse>, ValidationProblem>> CreateAsync(IdeaRequest request, IdeaStore store, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var slug = await store.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/api/engagement/ideas/{slug}", new SlugResponse(slug));
    }

    public static async Task<Ok<IdeaResponse[]>> ListAsync(IdeaStore store, MarkdownRenderer markdown, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(i => new IdeaResponse(i.Slug, i.Title, i.Summary, markdown.ToHtml(i.Body))).ToArray());
}
