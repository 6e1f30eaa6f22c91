using FlexPlatform.ServiceDefaults.Projections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

public static class ProjectionExtensions
{
    /// <summary>A projection compared with its source and repaired on a schedule (<see cref="ProjectionRepairer"/>).</summary>
    public static IHostApplicationBuilder AddProjection<TProjection>(this IHostApplicationBuilder builder)
        where TProjection : class, IProjection
    {
        builder.Services.AddSingleton<IProjection, TProjection>();
        if (builder.Services.Any(d => d.ServiceType == typeof(ProjectionRepairer)))
        {
            return builder;
        }

        builder.Services.AddOptions<ProjectionOptions>().BindConfiguration(ProjectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ProjectionRepairer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProjectionRepairer>());
        return builder;
    }

    /// <summary>
    /// Admin only: <c>GET /admin/projections</c> shows this replica's last pass per projection;
    /// <c>POST /admin/projections/repair</c> runs a pass now and answers what it found.
    /// </summary>
    public static WebApplication MapProjectionAdminApi(this WebApplication app)
    {
        if (app.Services.GetService<ProjectionRepairer>() is null)
        {
            return app;
        }

        var projections = app.MapGroup("/admin/projections").WithTags("Operations").RequireAdmin();
        projections.MapGet("/", (ProjectionRepairer repairer) => TypedResults.Ok(repairer.LastReports));
        projections.MapPost("/repair", async Task<Results<Ok<IReadOnlyList<RepairReport>>, ProblemHttpResult>> (ProjectionRepairer repairer, CancellationToken cancellationToken) =>
            await repairer.RepairAllAsync(cancellationToken) is { Count: > 0 } reports
                ? TypedResults.Ok(reports)
                : TypedResults.Problem(title: "Another replica is repairing; try again when it is done.", statusCode: StatusCodes.Status409Conflict));
        return app;
    }
}
