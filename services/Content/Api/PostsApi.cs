using FlexPlatform.Content.Data;
using FlexPlatform.Content.Domain;
using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Content.Api;

public sealed record DraftCreated(string Slug);

public sealed record PublishScheduled(string Status, DateTimeOffset PublishAt);

/// <summary>Posts: public reads and search of published posts; writing, publishing and scheduling are admin-only, here and at the gateway.</summary>
public static class PostsApi
{
    private const long MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapPostsApi(this IEndpointRouteBuilder app)
    {
        var posts = app.MapGroup("/api/content/posts").WithTags("Posts");
        posts.MapGet("/", ListAsync)
            .WithSummary("List published posts, newest first, by kind, tag or search words");
        posts.MapGet("/{slug}", GetAsync)
            .WithSummary("Read one published post");

        var editing = posts.MapGroup("/").RequireEditor().WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        editing.MapPost("/", CreateDraftAsync)
            .WithSummary("Create a draft post");
        editing.MapPut("/{slug}", UpdateAsync)
            .WithSummary("Edit a post");
        editing.MapPost("/{slug}/publish", PublishAsync).Accepts<PublishRequest>(isOptional: true, "application/json")
            .WithSummary("Publish a post now or at a set time");
        editing.MapPost("/{slug}/unpublish", UnpublishAsync)
            .WithSummary("Take a post back to draft");
        editing.MapGet("/{slug}/draft", GetDraftAsync)
            .WithSummary("Read a post as its editors see it, draft included");
        app.MapGet("/api/content/editor/posts", ListForEditorsAsync).WithTags("Posts").RequireEditor()
            .WithSummary("Every post as its editors see them: drafts and scheduled first, then published");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<PostSummary>>, ValidationProblem>> ListAsync(
        string? kind, string? tag, string? q, int? page, int? pageSize, PostStore store, CancellationToken cancellationToken)
    {
        var query = new PostQuery(kind, tag, q, page ?? 1, pageSize ?? 20);
        var errors = query.Validate();
        return errors.IsValid
            ? TypedResults.Ok(await store.ListPublishedAsync(query, cancellationToken))
            : TypedResults.ValidationProblem(errors.ToDictionary());
    }

    public static async Task<Results<Ok<PostResponse>, ProblemHttpResult>> GetAsync(string slug, PostStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(slug, includeDrafts: false, cancellationToken) is { } post
            ? TypedResults.Ok(PostResponse.From(post))
            : TypedResults.Problem(title: "No published post with this slug.", statusCode: StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<IReadOnlyList<EditorPost>>, ValidationProblem>> ListForEditorsAsync(
        int? page, int? pageSize, PostStore store, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Paging(page, pageSize);
        return errors.IsValid
            ? TypedResults.Ok(await store.ListForEditorsAsync(page ?? 1, pageSize ?? 50, cancellationToken))
            : TypedResults.ValidationProblem(errors.ToDictionary());
    }

    /// <summary>Editors read drafts and scheduled posts here (with their state and Markdown).</summary>
    public static async Task<Results<Ok<Post>, ProblemHttpResult>> GetDraftAsync(string slug, PostStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(slug, includeDrafts: true, cancellationToken) is { } post
            ? TypedResults.Ok(post)
            : TypedResults.Problem(title: "No post with this slug.", statusCode: StatusCodes.Status404NotFound);

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

    /// <summary>Edit: the slug stays (links keep working); a published post shows its new text at once.</summary>
    public static async Task<Results<Ok, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string slug, PostRequest request, PostStore store, CancellationToken cancellationToken)
    {
        var errors = request.Validate().When(request.Slug is not null && request.Slug != slug, "slug", "A post's slug cannot change.");
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await store.UpdateAsync(slug, request, cancellationToken)
            ? TypedResults.Ok()
            : TypedResults.Problem(title: "No post with this slug.", statusCode: StatusCodes.Status404NotFound);
    }

    /// <summary>Publish now (204), or at a future <c>publishAt</c> (202): the service publishes it then, once.</summary>
    public static async Task<Results<NoContent, Accepted<PublishScheduled>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        string slug, HttpRequest http, PostStore store, CancellationToken cancellationToken)
    {
        // The body is optional: no body publishes now.
        PublishRequest? request;
        try
        {
            request = http.HasJsonContentType() && http.ContentLength is not 0 ? await http.ReadFromJsonAsync<PublishRequest>(cancellationToken) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["publishAt"] = ["A date and time with an offset (ISO 8601) is expected."] });
        }

        return await store.PublishAsync(slug, request?.PublishAt, cancellationToken) switch
        {
            PublishOutcome.Published => TypedResults.NoContent(),
            PublishOutcome.Scheduled => TypedResults.Accepted((string?)null, new PublishScheduled("scheduled", request!.PublishAt!.Value)),
            PublishOutcome.AlreadyPublished => TypedResults.Problem(
                title: "This post is already published; unpublish it first to schedule it.", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Problem(title: "No post with this slug.", statusCode: StatusCodes.Status404NotFound),
        };
    }

    public static async Task<Results<Ok, ProblemHttpResult>> UnpublishAsync(string slug, PostStore store, CancellationToken cancellationToken) =>
        await store.UnpublishAsync(slug, cancellationToken)
            ? TypedResults.Ok()
            : TypedResults.Problem(title: "No post with this slug.", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>A published post as readers see it; the author as "Sara S.".</summary>
public sealed record PostResponse(string Slug, string Kind, string Title, string Summary, DateTimeOffset? PublishedAt, string[] Tags, string Author, string Html)
{
    public static PostResponse From(Post post) =>
        new(post.Slug, post.Kind, post.Title, post.Summary, post.PublishedAt, post.Tags, DisplayNames.Of(post.Author), post.Html);
}
