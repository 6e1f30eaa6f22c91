using FlexPlatform.Content.Data;
using FlexPlatform.Content.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexPlatform.Content.Api;

public sealed record DraftCreated(string Slug);

/// <summary>Posts: public reads of published posts; writing and publishing are admin-only, here and at the gateway.</summary>
public static class PostsApi
{
    public static IEndpointRouteBuilder MapPostsApi(this IEndpointRouteBuilder app)
    {
        var posts = app.MapGroup("/api/content/posts").WithTags("Posts");
        posts.MapGet("/", ListAsync);
        posts.MapGet("/{slug}", GetAsync);

        var editing = posts.MapGroup("/").RequireAdmin();
        editing.MapPost("/", CreateDraftAsync);
        editing.MapPost("/{slug}/publish", PublishAsync);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<PostSummary>>> ListAsync(PostStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListPublishedAsync(50, cancellationToken));

    public static async Task<Results<Ok<Post>, ProblemHttpResult>> GetAsync(string slug, PostStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(slug, includeDrafts: false, cancellationToken) is { } post
            ? TypedResults.Ok(post)
            : TypedResults.Problem(title: "No published post with this slug.", statusCode: 404);

    public static async Task<Results<Created<DraftCreated>, ValidationProblem>> CreateDraftAsync(
        PostRequest request, PostStore store, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await store.CreateDraftAsync(request, cancellationToken) is { } slug
            ? TypedResults.Created($"/api/content/posts/{slug}", new DraftCreated(slug))
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["slug"] = ["A post with this slug already exists."] });
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> PublishAsync(string slug, PostStore store, CancellationToken cancellationToken) =>
        await store.PublishAsync(slug, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "No post with this slug.", statusCode: 404);
}
