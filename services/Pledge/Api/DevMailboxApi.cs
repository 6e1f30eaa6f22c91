using FlexPlatform.Pledge.Mail;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexPlatform.Pledge.Api;

/// <summary>Outside Production only: read the mail the platform "sent", to follow confirmation links locally.</summary>
public static class DevMailboxApi
{
    public static IEndpointRouteBuilder MapDevMailboxApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dev/mailbox", ReadAsync).WithTags("Development");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<DevMail>>, ValidationProblem>> ReadAsync(
        string? to, DevMailbox mailbox, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(to) || to.Length > 254)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["An email address is required."] });
        }

        return TypedResults.Ok(await mailbox.ReadAsync(to, cancellationToken));
    }
}
