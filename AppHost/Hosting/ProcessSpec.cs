using System.Diagnostics;
using System.Text;

namespace FlexPlatform.AppHost.Hosting;

/// <summary>What to run: program, arguments, folder, environment, and optionally another OS user.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    // Set by whoever started the AppHost (dotnet run, an IDE, a test host); never meant for children.
    private static readonly string[] InheritedButNotPassedOn =
        ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "HTTP_PORTS", "HTTPS_PORTS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "DOTNET_LAUNCH_PROFILE"];

    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Run as this OS user when we are root (PostgreSQL refuses to run as root).</summary>
    public string? RunAsUser { get; init; }

    public ProcessStartInfo ToStartInfo(bool inNewProcessGroup)
    {
        var args = new List<string>();
        if (inNewProcessGroup)
        {
            args.Add("setsid");
        }

        if (RunAsUser is not null && NativeMethods.IsRoot)
        {
            args.AddRange(["setpriv", $"--reuid={RunAsUser}", $"--regid={RunAsUser}", "--init-groups", "--"]);
        }

        args.Add(FileName);
        args.AddRange(Arguments);

        var info = new ProcessStartInfo(args[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory ?? Path.GetTempPath(),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in InheritedButNotPassedOn)
        {
            info.Environment.Remove(name);
        }

        foreach (var (key, value) in Environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    public override string ToString() => $"{FileName} {string.Join(' ', Arguments)}";
}
