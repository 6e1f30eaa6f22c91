using System.Text;
using Aspire.Hosting.ApplicationModel;

namespace FlexPlatform.Testing;

/// <summary>
/// DCP starts each project as <c>dotnet run --project X.csproj --no-build …</c>, and <c>dotnet run</c> evaluates the
/// project with MSBuild before it starts the assembly: about 1.2 core-seconds a start, some forty starts a suite
/// (four platforms, replicas, restarts), every one of them competing with the tests for two cores. A test platform's
/// DCP finds this <c>dotnet</c> first on its PATH instead: for a project of the model already built, it runs the
/// built assembly the way <c>dotnet run</c> would (same assembly, directory, arguments and environment); anything
/// else goes to the real <c>dotnet</c>. Bash, not dash: dash drops variables whose names hold a dot
/// (<c>Logging__LogLevel__Microsoft.AspNetCore…</c>) from the environment it passes on.
/// </summary>
internal static class BuiltProjectLauncher
{
    /// <summary>Puts the launcher in front of this process's PATH (DCP inherits it) for the model's projects.</summary>
    public static void Install(IEnumerable<ProjectResource> projects)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var dotnet = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, "dotnet")).FirstOrDefault(File.Exists);
        if (dotnet is null || !OperatingSystem.IsLinux())
        {
            return;
        }

        // The test assembly sits in artifacts/bin/<project>/<configuration>/, as every project's output does.
        var configurationDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var bin = configurationDirectory.Parent!.Parent!.FullName;
        var script = new StringBuilder($$"""
            #!/bin/bash
            # Written by FlexPlatform.Testing.BuiltProjectLauncher: `dotnet run --project <built project> --no-build …` runs the built assembly.
            real='{{dotnet}}'
            if [[ $1 == run && $2 == --project ]]; then
              case "$3" in

            """);
        foreach (var project in projects)
        {
            var projectPath = project.GetProjectMetadata().ProjectPath;
            var name = Path.GetFileNameWithoutExtension(projectPath);
            var assembly = Path.Combine(bin, name, configurationDirectory.Name, $"FlexPlatform.{name}.dll");
            if (File.Exists(assembly) && !projectPath.Contains('\'', StringComparison.Ordinal))
            {
                script.Append($"    '{projectPath}') assembly='{assembly}' ;;\n");
            }
        }

        script.Append("""
                *) exec "$real" "$@" ;;
              esac
              # Only the options DCP passes (--no-build, --configuration C, --no-launch-profile), then the app's own after --.
              rest=("${@:4}"); built=
              while (( ${#rest[@]} )) && [[ ${rest[0]} != -- ]]; do
                case "${rest[0]}" in
                  --configuration|-c) rest=("${rest[@]:2}") ;;
                  --no-launch-profile) rest=("${rest[@]:1}") ;;
                  --no-build) built=1; rest=("${rest[@]:1}") ;;
                  *) exec "$real" "$@" ;;
                esac
              done
              [[ -n $built ]] || exec "$real" "$@"
              exec "$real" "$assembly" "${rest[@]:1}"
            fi
            exec "$real" "$@"

            """);

        var directory = Path.Combine(Path.GetTempPath(), "flexplatform-tests", "launcher-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "dotnet");
        File.WriteAllText(file, script.ToString());
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Environment.SetEnvironmentVariable("PATH", directory + ":" + path);
    }
}
