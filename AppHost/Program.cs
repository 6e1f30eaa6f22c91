using FlexPlatform.AppHost;
using FlexPlatform.AppHost.Hosting;
using FlexPlatform.AppHost.Publishing;

// The platform's app model lives in PlatformModel so the tests start exactly the same system.
var builder = PlatformBuilder.Create(PlatformOptions.ForLocalRun(args));
builder.AddFlexPlatform();

// `publish --output deploy/` writes Kubernetes manifests from the same model instead of running it.
if (args is ["publish", .. var publishArgs])
{
    return KubernetesPublisher.Run(builder, publishArgs);
}

await using var platform = builder.Build();
return await platform.RunAsync();
