using FlexPlatform.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>A gRPC channel to a service that signs every call with a service credential, as the services' own clients do.</summary>
internal static class ServiceChannels
{
    public static GrpcChannel ServiceChannel(this PlatformFixture platform, string service) =>
        GrpcChannel.ForAddress(platform.GrpcEndpoint(service), new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("Authorization", $"Bearer {platform.Tokens.CreateService()}");
                return Task.CompletedTask;
            })),
            UnsafeUseInsecureChannelCallCredentials = true,
        });
}
