using System.Globalization;

namespace FlexPlatform.Bench;

/// <summary>Collects figures as they are measured and prints them as one table.</summary>
public sealed class Report
{
    private readonly List<(string Name, string Figures)> _lines = [];
    private readonly List<double> _rates = [];

    /// <returns>The rate's position, for <see cref="Ratio"/>.</returns>
    public int Load(string name, LoadResult result)
    {
        _rates.Add(result.RequestsPerSecond);
        _lines.Add((name, string.Create(CultureInfo.InvariantCulture,
            $"{result.RequestsPerSecond:N0} req/s, p50 {result.P50Ms:0.00} ms, p99 {result.P99Ms:0.00} ms, {result.Requests:N0} requests, {result.Errors} errors")));
        Console.WriteLine($"  {_lines[^1].Name}: {_lines[^1].Figures}");
        return _rates.Count - 1;
    }

    public int Rate(string name, double perSecond)
    {
        _rates.Add(perSecond);
        Text(name, string.Create(CultureInfo.InvariantCulture, $"{perSecond:N0}/s"));
        return _rates.Count - 1;
    }

    /// <summary>The ratio of two rates recorded earlier, by the order they were recorded in.</summary>
    public void Ratio(string name, int numerator, int denominator) =>
        Text(name, string.Create(CultureInfo.InvariantCulture, $"{_rates[numerator] / _rates[denominator]:0.00}"));

    public void Text(string name, string figures)
    {
        _lines.Add((name, figures));
        Console.WriteLine($"  {name}: {figures}");
    }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("| measure | figures |");
        Console.WriteLine("| --- | --- |");
        foreach (var (name, figures) in _lines)
        {
            Console.WriteLine($"| {name} | {figures} |");
        }
    }
}
