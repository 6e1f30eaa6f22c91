namespace FlexPlatform.AppHost.Publishing;

/// <summary>Arguments of <c>publish</c>: where the manifests go and which image tag they run.</summary>
public sealed record PublishOptions(string OutputDirectory, string ImageTag = "latest", string PublicHost = PublishOptions.DefaultHost)
{
    public const string DefaultHost = "1millionforworkflexibility.org";

    public static PublishOptions Parse(IReadOnlyList<string> args)
    {
        string? Value(string name)
        {
            var at = args.ToList().IndexOf(name);
            return at >= 0 && at + 1 < args.Count ? args[at + 1] : null;
        }

        return new PublishOptions(
            Value("--output") ?? "deploy",
            Value("--tag") ?? "latest",
            Value("--host") ?? DefaultHost);
    }
}
