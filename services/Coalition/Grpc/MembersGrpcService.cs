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
}
