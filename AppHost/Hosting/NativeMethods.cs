using System.Runtime.InteropServices;

namespace FlexPlatform.AppHost.Hosting;

internal static partial class NativeMethods
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    public static bool IsRoot => GetEffectiveUserId() == 0;

    /// <summary>Signals a whole process group (children are started as group leaders with setsid).</summary>
    public static bool SignalGroup(int pid, int signal) => Kill(-pid, signal) == 0;

    public static bool IsAlive(int pid) => Kill(pid, 0) == 0;
}
