namespace FlexPlatform.AppHost.Hosting;

/// <summary>
/// A resource backed by one child process: started, watched (an unexpected exit shows as Crashed),
/// stopped in its own way, and killable on purpose by tests that prove crash safety.
/// </summary>
public abstract class ProcessResource(string name, PlatformOptions options) : Resource(name, options)
{
    private static readonly TimeSpan FirstRestartDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableUptime = TimeSpan.FromSeconds(30);

    private ManagedProcess? _process;
    private int _generation; // moves on every deliberate stop, which calls off a pending restart
    private TimeSpan _restartDelay = FirstRestartDelay;
    private DateTime _startedAt;
    private int _restarts;

    public int? ProcessId => _process?.Id;

    /// <summary>How many times the restart policy brought this resource back after a crash.</summary>
    public override int Restarts => Volatile.Read(ref _restarts);

    protected virtual TimeSpan ReadyTimeout => TimeSpan.FromSeconds(90);

    protected virtual int StopSignal => NativeMethods.SigTerm;

    /// <summary>Text in a process's command line that proves it is ours from an earlier run.</summary>
    protected virtual string LeftoverMarker => DataPath;

    /// <summary>Install, initialise data: anything before the process starts.</summary>
    protected virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected abstract ProcessSpec CreateProcessSpec();

    /// <summary>Completes when the process is ready to serve; called repeatedly until it returns true.</summary>
    protected abstract Task<bool> IsReadyAsync(CancellationToken cancellationToken);

    protected virtual Task AfterStopAsync() => Task.CompletedTask;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        State = ResourceState.Starting;
        try
        {
            await PrepareAsync(cancellationToken);
            StopLeftoverFromEarlierRun();
            var process = _process = ManagedProcess.Start(CreateProcessSpec(), Logs);
            await File.WriteAllTextAsync(PidFile, process.Id.ToString(), cancellationToken);
            _ = WatchExitAsync(process);
            await WaitReadyAsync(process, cancellationToken);
            _startedAt = DateTime.UtcNow;
            State = ResourceState.Running;
            Health ??= "Healthy";
        }
        catch
        {
            State = ResourceState.Failed;
            _process?.Kill();
            throw;
        }
    }

    public override async Task StopAsync()
    {
        Interlocked.Increment(ref _generation);
        if (_process is null || State is ResourceState.Stopped or ResourceState.NotStarted)
        {
            return;
        }

        State = ResourceState.Stopping;
        await _process.StopAsync(TimeSpan.FromSeconds(30), StopSignal);
        await AfterStopAsync();
        File.Delete(PidFile);
        State = ResourceState.Stopped;
        Health = null;
    }

    /// <summary>
    /// Kills the process group with SIGKILL, as a crash would, and keeps it down: the restart policy
    /// leaves it alone, so a test decides when it comes back (<see cref="StartAsync"/>).
    /// </summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        Interlocked.Increment(ref _generation);
        State = ResourceState.Stopping;
        _process.Kill();
        await _process.Exited;
        await AfterStopAsync();
        State = ResourceState.Crashed;
        Health = null;
    }

    /// <summary>SIGKILL behind the AppHost's back, as an OOM kill or a segfault would: the restart policy brings it back.</summary>
    public void Crash() => _process?.Kill();

    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync();
        await StartAsync(cancellationToken);
    }

    private async Task WaitReadyAsync(ManagedProcess process, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        while (true)
        {
            if (process.Exited.IsCompleted)
            {
                throw new InvalidOperationException($"{this} exited with code {process.ExitCode} while starting:\n{string.Join('\n', Logs.Tail(30))}");
            }

            try
            {
                if (await IsReadyAsync(timeout.Token))
                {
                    return;
                }

                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{this} was not ready within {ReadyTimeout.TotalSeconds:0} s:\n{string.Join('\n', Logs.Tail(30))}");
            }
        }
    }

    private async Task WatchExitAsync(ManagedProcess process)
    {
        await process.Exited;
        if (ReferenceEquals(process, _process) && State is ResourceState.Running)
        {
            State = ResourceState.Crashed;
            Health = null;
            Logs.Add($"[apphost] {Name} exited unexpectedly with code {process.ExitCode}");
            if (Options.RestartCrashed)
            {
                _ = RestartAfterCrashAsync();
            }
        }
    }

    // The restart policy of an orchestrator: back off 1 s, 2 s, 4 s … 30 s while it keeps crashing
    // soon after starting; a resource that ran for a while starts again from 1 s.
    private async Task RestartAfterCrashAsync()
    {
        var generation = Volatile.Read(ref _generation);
        _restartDelay = DateTime.UtcNow - _startedAt > StableUptime ? FirstRestartDelay : _restartDelay;
        while (true)
        {
            Logs.Add($"[apphost] restarting {Name} in {_restartDelay.TotalSeconds:0} s");
            await Task.Delay(_restartDelay);
            _restartDelay = TimeSpan.FromTicks(Math.Min(_restartDelay.Ticks * 2, MaxRestartDelay.Ticks));
            if (Volatile.Read(ref _generation) != generation || State != ResourceState.Crashed)
            {
                return; // stopped, started or killed on purpose meanwhile
            }

            try
            {
                await StartAsync(CancellationToken.None);
                Interlocked.Increment(ref _restarts);
                Logs.Add($"[apphost] {Name} is back (restart {Restarts})");
                return;
            }
            catch (Exception ex)
            {
                Logs.Add($"[apphost] {Name} did not come back: {ex.Message.Split('\n')[0]}");
                State = ResourceState.Crashed;
            }
        }
    }

    private string PidFile => Path.Combine(Options.DataDirectory, "pids", Name + ".pid");

    // An AppHost killed with SIGKILL cannot stop its children; the next run does.
    private void StopLeftoverFromEarlierRun()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PidFile)!);
        if (!File.Exists(PidFile) || !int.TryParse(File.ReadAllText(PidFile), out var pid) || !NativeMethods.IsAlive(pid))
        {
            return;
        }

        var cmdline = File.Exists($"/proc/{pid}/cmdline") ? File.ReadAllText($"/proc/{pid}/cmdline") : "";
        if (cmdline.Contains(LeftoverMarker, StringComparison.Ordinal))
        {
            Logs.Add($"[apphost] stopping {Name} left running by an earlier run (pid {pid})");
            NativeMethods.SignalGroup(pid, NativeMethods.SigKill);
            for (var i = 0; i < 50 && NativeMethods.IsAlive(pid); i++)
            {
                Thread.Sleep(100);
            }
        }
    }
}
