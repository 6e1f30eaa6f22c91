using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlexPlatform.ServiceDefaults.Security;

/// <summary>
/// Records every write a member of staff makes through a staff route, after authorization let it in: who (the
/// token's name), as what role, the operation's summary and route, the route's values, and the answer's status.
/// Routes need nothing of their own to be audited: a staff route added tomorrow is audited the day it exists.
/// </summary>
public sealed class StaffAuditMiddleware(RequestDelegate next, ILogger<StaffAuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, StaffAuditLog log)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
            || context.GetEndpoint() is not RouteEndpoint endpoint
            || !IsApi(endpoint)
            || !endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is { } policy && StaffRoles.Policies.ContainsKey(policy))
            || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var route = $"{context.Request.Method} {endpoint.RoutePattern.RawText}";
        var action = endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? route;
        var target = string.Join(", ", endpoint.RoutePattern.Parameters
            .Where(p => context.Request.RouteValues.ContainsKey(p.Name))
            .Select(p => $"{p.Name}={context.Request.RouteValues[p.Name]}"));
        var role = string.Join(",", StaffRoles.All.Where(context.User.IsInRole));
        var id = await log.BeginAsync(context.User.StaffName(), role, action, route, target.Length == 0 ? null : target, context.RequestAborted);
        try
        {
            await next(context);
        }
        finally
        {
            // The write is done whatever happens to its record: a failure to finish the record is logged, not answered.
            try
            {
                await log.EndAsync(id, context.Response.StatusCode);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning(ex, "The audit record {AuditId} of {Route} by {Staff} was left without its status", id, route, context.User.StaffName());
            }
        }
    }

    // API routes only: the staff console's pages call the API, which audits the write where it is made.
    private static bool IsApi(RouteEndpoint endpoint) =>
        endpoint.RoutePattern.RawText?.TrimStart('/') is { } route
        && (route.StartsWith("api/", StringComparison.Ordinal) || route.StartsWith("admin/", StringComparison.Ordinal));
}
