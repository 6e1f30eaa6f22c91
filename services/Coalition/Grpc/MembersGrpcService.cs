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

        return Reply(await directory.ResolveCodeAsync(request.Code, context.CancellationToken));
    }

    public override async Task<ResolveCodeReply> ResolveSlug(ResolveSlugRequest request, ServerCallContext context)
    {
        if (request.Slug is not { Length: > 0 and <= 80 })
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "slug must be 1 to 80 characters."));
        }

        return Reply(await directory.ResolveSlugAsync(request.Slug, context.CancellationToken));
    }

    private static ResolveCodeReply Reply(ResolvedCode? member) =>
        member is null
            ? new ResolveCodeReply { Found = false }
            : new ResolveCodeReply { Found = true, OrganizationId = member.Id.ToString(), Slug = member.Slug, Name = member.Name };
}
