using FlexPlatform.Content.Data;
using FlexPlatform.ServiceDefaults.Text;

namespace FlexPlatform.Content;

public static class Extensions
{
    public static IHostApplicationBuilder AddContentServices(this IHostApplicationBuilder builder)
    {
        builder.AddPostgresDatabase("contentdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddSingleton<PostStore>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
