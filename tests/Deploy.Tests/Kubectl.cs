using System.Diagnostics;
using Xunit;

namespace FlexPlatform.Deploy.Tests;

/// <summary>The kubectl on this machine: <c>kubectl kustomize</c> needs no cluster.</summary>
public static class Kubectl
{
    public static string Path { get; } = Find();

    /// <summary>Builds a kustomization the way <c>kubectl apply -k</c> would, and returns the YAML.</summary>
    public static async Task<string> KustomizeAsync(string directory)
    {
        var (exit, output, error) = await RunAsync(Path, ["kustomize", directory]);
        Assert.True(exit == 0, $"kubectl kustomize {directory} failed ({exit}):\n{error}");
        return output;
    }

    public static async Task<(int Exit, string Output, string Error)> RunAsync(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    // Not skipped when missing: validating the manifests is the point of these tests.
    private static string Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("kubectl is not on PATH: install kubectl (1.32, with kustomize) to validate the manifests.");
}
