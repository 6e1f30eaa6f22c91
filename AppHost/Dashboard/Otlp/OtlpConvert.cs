using System.Globalization;
using FlexPlatform.AppHost.Dashboard.Telemetry;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using OtlpSpan = OpenTelemetry.Proto.Trace.V1.Span;
using Span = FlexPlatform.AppHost.Dashboard.Telemetry.Span;

namespace FlexPlatform.AppHost.Dashboard.Otlp;

/// <summary>OTLP messages into the dashboard's records: ids as hex, attribute values as text, the resource by <c>service.name</c>.</summary>
internal static class OtlpConvert
{
    public static IEnumerable<Span> Spans(RepeatedField<ResourceSpans> resources) =>
        from resource in resources
        let service = ServiceName(resource.Resource)
        from scope in resource.ScopeSpans
        from span in scope.Spans
        select new Span(
            Hex(span.TraceId), Hex(span.SpanId), span.ParentSpanId.IsEmpty ? null : Hex(span.ParentSpanId),
            service, span.Name,
            span.Kind == OtlpSpan.Types.SpanKind.Unspecified ? "Internal" : span.Kind.ToString(),
            Time(span.StartTimeUnixNano),
            (span.EndTimeUnixNano - span.StartTimeUnixNano) / 1e6,
            span.Status?.Code == Status.Types.StatusCode.Error,
            string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
            scope.Scope?.Name ?? "",
            Attributes(span.Attributes));

    public static IEnumerable<LogEntry> Logs(RepeatedField<ResourceLogs> resources) =>
        from resource in resources
        let service = ServiceName(resource.Resource)
        from scope in resource.ScopeLogs
        from log in scope.LogRecords
        select new LogEntry(
            Time(log.TimeUnixNano != 0 ? log.TimeUnixNano : log.ObservedTimeUnixNano),
            service,
            Level(log.SeverityNumber),
            // The .NET SDK exports the logger's category as the scope name.
            scope.Scope?.Name ?? "",
            Text(log.Body),
            log.TraceId.IsEmpty ? null : Hex(log.TraceId),
            log.SpanId.IsEmpty ? null : Hex(log.SpanId),
            Attributes(log.Attributes));

    public static IEnumerable<(MetricSeries, MetricPoint)> Points(RepeatedField<ResourceMetrics> resources) =>
        from resource in resources
        let service = ServiceName(resource.Resource)
        from scope in resource.ScopeMetrics
        from metric in scope.Metrics
        from point in Points(service, metric)
        select point;

    private static IEnumerable<(MetricSeries, MetricPoint)> Points(string service, Metric metric)
    {
        MetricSeries Series(string type, RepeatedField<KeyValue> attributes) =>
            new(service, metric.Name, metric.Description, metric.Unit, type, string.Join(", ", Attributes(attributes).Select(a => $"{a.Key}={a.Value}")));

        return metric.DataCase switch
        {
            Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Select(p => (Series("gauge", p.Attributes), new MetricPoint(Time(p.TimeUnixNano), Number(p)))),
            // An up-down counter (open streams) is a level like a gauge; only monotonic sums are rates.
            Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Select(p => (Series(metric.Sum.IsMonotonic ? "sum" : "gauge", p.Attributes), new MetricPoint(Time(p.TimeUnixNano), Number(p)))),
            Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Select(p => (
                Series("histogram", p.Attributes),
                new MetricPoint(Time(p.TimeUnixNano), p.Count == 0 ? 0 : p.Sum / p.Count, (long)p.Count, p.Sum))),
            // Exponential histograms and summaries are not produced by the .NET SDK's defaults.
            _ => [],
        };
    }

    private static double Number(NumberDataPoint point) => point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;

    private static string ServiceName(Resource? resource) =>
        resource?.Attributes.FirstOrDefault(a => a.Key == "service.name") is { } name ? Text(name.Value) : "unknown";

    // OpenTelemetry's severity numbers: 1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal.
    private static string Level(SeverityNumber severity) => LogStore.Levels[Math.Clamp(((int)severity - 1) / 4, 0, 5)];

    private static Dictionary<string, string> Attributes(RepeatedField<KeyValue> attributes) =>
        attributes.GroupBy(a => a.Key).ToDictionary(a => a.Key, a => Text(a.Last().Value));

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => $"{kv.Key}={Text(kv.Value)}")) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.ToByteArray()),
        _ => "",
    };

    private static string Hex(ByteString id) => Convert.ToHexStringLower(id.Span);

    private static DateTimeOffset Time(ulong unixNano) => DateTimeOffset.UnixEpoch.AddTicks((long)(unixNano / 100));
}
