using FlexPlatform.AppHost;
using FlexPlatform.AppHost.Hosting;

// The platform's app model lives in PlatformModel so the tests start exactly the same system.
var builder = PlatformBuilder.Create(PlatformOptions.ForLocalRun(args));
builder.AddFlexPlatform();

await using var platform = builder.Build();
return await platform.RunAsync();
