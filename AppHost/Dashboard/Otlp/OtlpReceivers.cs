using FlexPlatform.AppHost.Dashboard.Telemetry;
using Grpc.Core;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace FlexPlatform.AppHost.Dashboard.Otlp;

// OTLP/gRPC's three collector services, as the exporters of every process call them.

internal sealed class TraceReceiver(SpanStore spans) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        spans.Add(OtlpConvert.Spans(request.ResourceSpans));
        return Task.FromResult(new ExportTraceServiceResponse());
    }
}

internal sealed class LogReceiver(LogStore logs) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        logs.Add(OtlpConvert.Logs(request.ResourceLogs));
        return Task.FromResult(new ExportLogsServiceResponse());
    }
}

internal sealed class MetricReceiver(MetricStore metrics) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        metrics.Add(OtlpConvert.Points(request.ResourceMetrics));
        return Task.FromResult(new ExportMetricsServiceResponse());
    }
}
