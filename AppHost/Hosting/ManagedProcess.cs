using System.Diagnostics;

namespace FlexPlatform.AppHost.Hosting;

/// <summary>
/// A long-running child process in its own process group (via setsid), so that Ctrl+C in the
/// terminal reaches only the AppHost, which then stops children in order, whole trees included.
/// </summary>
public sealed class ManagedProcess
{
    private readonly Process _process;

    private ManagedProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public Task Exited { get; private set; } = Task.CompletedTask;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static ManagedProcess Start(ProcessSpec spec, LogBuffer log)
    {
        var info = spec.ToStartInfo(inNewProcessGroup: true);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Add(e.Data); };
        process.Exited += (_, _) => exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ManagedProcess(process) { Exited = exited.Task };
    }

    /// <summary>Asks the group to stop (SIGTERM unless told otherwise), then kills it after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, int signal = NativeMethods.SigTerm)
    {
        if (_process.HasExited)
        {
            return;
        }

        NativeMethods.SignalGroup(_process.Id, signal);
        if (await Task.WhenAny(Exited, Task.Delay(grace)) != Exited)
        {
            Kill();
            await Exited;
        }
    }

    /// <summary>SIGKILL to the whole group: a crash, as the tests need one.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            NativeMethods.SignalGroup(_process.Id, NativeMethods.SigKill);
        }
    }
}
