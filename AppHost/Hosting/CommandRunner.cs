using System.Diagnostics;
using System.Text;

namespace FlexPlatform.AppHost.Hosting;

/// <summary>Runs a short command to completion (initdb, rabbitmqctl, apt-get) and fails loudly with its output.</summary>
public static class CommandRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessSpec spec, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var process = new Process { StartInfo = spec.ToStartInfo(inNewProcessGroup: false) };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{spec}' did not finish within {timeout.TotalSeconds:0} s.\n{output}");
        }

        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    public static async Task<string> RunCheckedAsync(ProcessSpec spec, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var (exitCode, output) = await RunAsync(spec, timeout, cancellationToken);
        return exitCode == 0 ? output : throw new InvalidOperationException($"'{spec}' exited with {exitCode}:\n{output}");
    }
}
