using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>Shapes every problem-details answer: trace id, and field errors for unreadable bodies.</summary>
internal static class ProblemDetailsDefaults
{
    public static void Customize(ProblemDetailsContext context)
    {
        context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;

        if (context.ProblemDetails.Status == StatusCodes.Status503ServiceUnavailable && context.Exception is not null)
        {
            context.ProblemDetails.Title = "A service this request needs is unavailable; try again shortly.";
            context.ProblemDetails.Detail = null;
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return;
        }

        if (context.Exception is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            context.ProblemDetails.Title = "Another request created the same thing at the same moment; look for it, or try again.";
            context.ProblemDetails.Detail = null;
            return;
        }

        if (context.Exception is Npgsql.PostgresException)
        {
            context.ProblemDetails.Title = "The request contains a value that cannot be stored or searched (a control character, an invalid encoding or a value out of range).";
            context.ProblemDetails.Detail = null;
            return;
        }

        if (context.Exception is not BadHttpRequestException bad)
        {
            return;
        }

        // Never echo parser text that could contain submitted data; name the field instead.
        var json = bad.InnerException as JsonException;
        var field = JsonPathToField(json?.Path);
        context.ProblemDetails.Title = json is null ? "The request could not be read." : "The request body is not valid JSON for this route.";
        context.ProblemDetails.Detail = null;
        context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]>
        {
            [field] = [json is null ? "The request is malformed." : "This value is malformed or of the wrong type."],
        };
    }

    // "$.personas[2]" -> "personas"; an empty path means the body as a whole.
    internal static string JsonPathToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        var end = trimmed.IndexOfAny(['.', '[']);
        var first = end < 0 ? trimmed : trimmed[..end];
        return first.Length == 0 ? "body" : first;
    }
}
