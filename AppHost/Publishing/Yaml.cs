using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FlexPlatform.AppHost.Publishing;

/// <summary>A comment written on its own line before the next key: the why of a setting, kept in the output.</summary>
public sealed record YamlComment(string Text);

/// <summary>An ordered YAML mapping: keys come out in the order they were added, so output is stable.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "YAML's own word is mapping; 'Map' reads as one.")]
public sealed class YamlMap : IEnumerable<(string? Key, object? Value)>
{
    private readonly List<(string? Key, object? Value)> _entries = [];

    /// <summary>Null values are left out, so optional settings read as one initializer.</summary>
    public void Add(string key, object? value)
    {
        if (value is not null)
        {
            _entries.Add((key, value));
        }
    }

    public void Add(YamlComment? comment)
    {
        if (comment is not null)
        {
            _entries.Add((null, comment));
        }
    }

    internal IReadOnlyList<(string? Key, object? Value)> Entries => _entries;

    public IEnumerator<(string? Key, object? Value)> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// A small YAML writer for manifests: block style, two-space indents, strings quoted unless they are
/// plain words, so no value is ever read back as a number, a boolean or null.
/// </summary>
public static partial class Yaml
{
    public static string Documents(IEnumerable<YamlMap> documents) =>
        string.Join("---\n", documents.Select(Write));

    public static string Write(YamlMap map)
    {
        var text = new StringBuilder();
        WriteMap(text, map, 0);
        return text.ToString();
    }

    private static void WriteMap(StringBuilder text, YamlMap map, int indent, bool firstInline = false)
    {
        var pad = new string(' ', indent);
        var first = firstInline;
        foreach (var (key, value) in map.Entries)
        {
            var prefix = first ? "" : pad;
            first = false;
            if (value is YamlComment comment)
            {
                text.Append(prefix).Append("# ").Append(comment.Text).Append('\n');
                continue;
            }

            text.Append(prefix).Append(Scalar(key!)).Append(':');
            WriteValue(text, value!, indent);
        }
    }

    private static void WriteValue(StringBuilder text, object value, int indent)
    {
        switch (value)
        {
            case YamlMap { Entries.Count: 0 }:
                text.Append(" {}\n");
                break;
            case YamlMap map:
                text.Append('\n');
                WriteMap(text, map, indent + 2);
                break;
            case IEnumerable list and not string when !list.Cast<object>().Any():
                text.Append(" []\n");
                break;
            case IEnumerable list and not string:
                text.Append('\n');
                WriteList(text, list, indent + 2);
                break;
            default:
                text.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteList(StringBuilder text, IEnumerable list, int indent)
    {
        var pad = new string(' ', indent);
        foreach (var item in list)
        {
            text.Append(pad).Append("- ");
            if (item is YamlMap map)
            {
                WriteMap(text, map, indent + 2, firstInline: true);
            }
            else
            {
                text.Append(Scalar(item)).Append('\n');
            }
        }
    }

    private static string Scalar(object value) => value switch
    {
        bool b => b ? "true" : "false",
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        string s when PlainWord().IsMatch(s) && !Reserved.Contains(s) => s,
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"",
        _ => throw new ArgumentException($"No YAML form for {value.GetType().Name}.", nameof(value)),
    };

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null",
    };

    [GeneratedRegex("^[A-Za-z_/][A-Za-z0-9_./-]*$")]
    private static partial Regex PlainWord();
}
