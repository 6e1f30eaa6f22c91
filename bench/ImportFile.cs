using System.Text;

namespace FlexPlatform.Bench;

/// <summary>A supporter list as an organization would bring it: a CSV of a million distinct people, all asking for updates.</summary>
public static class ImportFile
{
    private static readonly string[] Countries = ["US", "US", "US", "GB", "CA", "DE", "IN", "BR", "AU", "NL"];
    private static readonly string[] States = ["CA", "NY", "TX", "CO", "WA", "FL", "IL", "MA"];
    private static readonly string[] Personas = ["parent", "caregiver", "millennial", "freelancer", "retiree", "woman;parent"];

    public static async Task<string> WriteAsync(int rows, string runId)
    {
        var path = Path.Combine(Path.GetTempPath(), $"flex-import-{runId}.csv");
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        await writer.WriteLineAsync("email,first_name,last_name,country,region,personas,flexibility,consent_to_updates,list_publicly");
        for (var i = 0; i < rows; i++)
        {
            var country = Countries[i % Countries.Length];
            var region = country == "US" ? States[i % States.Length] : "";
            await writer.WriteLineAsync(
                $"imported.{i}.{runId}@bench.example,Person{i % 997},Imported,{country},{region},{Personas[i % Personas.Length]},telecommuting,yes,{(i % 3 == 0 ? "yes" : "no")}");
        }

        return path;
    }
}
