using FlexPlatform.Coalition.Data;
using Grpc.Core;

namespace FlexPlatform.Coalition.Grpc;

public sealed class MembersGrpcService(MemberDirectory directory) : Members.MembersBase
{
    public override async Task<ResolveCodeReply> ResolveCode(ResolveCodeRequest request, ServerCallContext context)
    {
        if (request.Code is not { Length: > 0 and <= 32 })
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "code must be 1 to 32 characters."));
        }

        return await directory.ResolveCodeAsync(request.Code, context.CancellationToken) is { } member
            ? new ResolveCodeReply { Found = true, OrganizationId = member.Id.ToString(), Slug = member.Slug, Name = member.Name }
            : new ResolveCodeReply { Found = false };
    }

    public override async Task<ResolveCodeReply> ResolveSlug(ResolveSlugRequest request, ServerCallContext context)
    {
        if (request.Slug is not { Length: > 0 and <= 80 })
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "slug must be 1 to 80 characters."));
        }

        return await directory.ResolveSlugAsync(request.Slug, context.CancellationToken) is { } member
            ? new ResolveCodeReply { Found = true, OrganizationId = member.Id.ToString(), Slug = member.Slug, Name = member.Name }
            : new ResolveCodeReply { Found = false };
    }
}
