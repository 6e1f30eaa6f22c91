using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace FlexPlatform.Web.Staff;

/// <summary>
/// Charts drawn on the server as inline SVG: pictures without a script, readable by a screen reader from their title
/// and description, styled by presentation attributes only (the site's CSP allows no inline styles).
/// </summary>
public static class Charts
{
    private const string Brand = "#0a625d";
    private const string Ink = "#1d2b36";
    private const string Line = "#c9d3d8";
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    /// <summary>One column per value (pledges per day), the first and last label under the axis.</summary>
    public static IHtmlContent Columns(string id, string title, string description, IReadOnlyList<(string Label, long Value)> values)
    {
        const int width = 720, height = 220, top = 16, bottom = 28, left = 48;
        var max = Math.Max(1, values.Count == 0 ? 1 : values.Max(v => v.Value));
        var step = (width - left) / (double)Math.Max(1, values.Count);
        var svg = Open(id, title, description, width, height);
        Axis(svg, left, top, width, height - bottom, max);
        for (var i = 0; i < values.Count; i++)
        {
            var barHeight = (height - bottom - top) * values[i].Value / (double)max;
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{left + i * step + 1:0.#}" y="{height - bottom - barHeight:0.#}" width="{Math.Max(1, step - 2):0.#}" height="{barHeight:0.#}" fill="{Brand}"><title>{Text(values[i].Label)}: {values[i].Value.ToString("N0", En)}</title></rect>""");
        }

        if (values.Count > 0)
        {
            Label(svg, left, height - 8, values[0].Label, "start");
            Label(svg, width, height - 8, values[^1].Label, "end");
        }

        return Close(svg);
    }

    /// <summary>A line through the values (the running total), its last value written at its end.</summary>
    public static IHtmlContent Growth(string id, string title, string description, IReadOnlyList<(string Label, long Value)> values)
    {
        const int width = 720, height = 220, top = 16, bottom = 28, left = 48, right = 16;
        var max = Math.Max(1, values.Count == 0 ? 1 : values.Max(v => v.Value));
        var step = (width - left - right) / (double)Math.Max(1, values.Count - 1);
        var svg = Open(id, title, description, width, height);
        Axis(svg, left, top, width - right, height - bottom, max);
        var points = string.Join(" ", values.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{left + i * step:0.#},{height - bottom - (height - bottom - top) * v.Value / (double)max:0.#}")));
        svg.Append(CultureInfo.InvariantCulture, $"""<polyline points="{points}" fill="none" stroke="{Brand}" stroke-width="3"/>""");
        if (values.Count > 0)
        {
            Label(svg, left, height - 8, values[0].Label, "start");
            Label(svg, width - right, height - 8, values[^1].Label, "end");
        }

        return Close(svg);
    }

    /// <summary>Horizontal bars, largest first, each labelled with its name and value.</summary>
    public static IHtmlContent Ranked(string id, string title, string description, IReadOnlyList<(string Label, long Value)> values)
    {
        const int width = 720, row = 26, labelWidth = 150, valueWidth = 90;
        var height = Math.Max(row, values.Count * row) + 4;
        var max = Math.Max(1, values.Count == 0 ? 1 : values.Max(v => v.Value));
        var svg = Open(id, title, description, width, height);
        for (var i = 0; i < values.Count; i++)
        {
            var y = i * row + 2;
            var barWidth = (width - labelWidth - valueWidth) * values[i].Value / (double)max;
            Label(svg, labelWidth - 8, y + 17, values[i].Label, "end");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{labelWidth}" y="{y + 3}" width="{Math.Max(1, barWidth):0.#}" height="{row - 8}" fill="{Brand}"/>""");
            Label(svg, labelWidth + barWidth + 6, y + 17, values[i].Value.ToString("N0", En), "start");
        }

        return Close(svg);
    }

    private static StringBuilder Open(string id, string title, string description, int width, int height) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"""<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{Text(title)}</title><desc id="{id}-desc">{Text(description)}</desc>""");

    private static HtmlString Close(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    private static void Axis(StringBuilder svg, int left, int top, int right, int baseline, long max)
    {
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{left}" y1="{baseline}" x2="{right}" y2="{baseline}" stroke="{Line}"/><line x1="{left}" y1="{top}" x2="{right}" y2="{top}" stroke="{Line}" stroke-dasharray="4 4"/>""");
        Label(svg, left - 6, top + 4, max.ToString("N0", En), "end");
        Label(svg, left - 6, baseline, "0", "end");
    }

    private static void Label(StringBuilder svg, double x, double y, string text, string anchor) =>
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x:0.#}" y="{y:0.#}" text-anchor="{anchor}" font-size="13" fill="{Ink}">{Text(text)}</text>""");

    private static string Text(string value) => WebUtility.HtmlEncode(value);
}
