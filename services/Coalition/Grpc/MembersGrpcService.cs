using Grpc.Core;
using Npgsql;

namespace FlexPlatform.Coalition.Grpc;

public sealed class MembersGrpcService(NpgsqlDataSource dataSource) : Members.MembersBase
{
    public override async Task<ResolveCodeReply> ResolveCode(ResolveCodeRequest request, ServerCallContext context)
    {
        if (request.Code is not { Length: > 0 and <= 32 })
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "code must be 1 to 32 characters."));
        }

        await using var command = dataSource.CreateCommand("SELECT id, slug, name FROM organizations WHERE code = $1 AND status = 'approved'");
        command.Parameters.Add(new NpgsqlParameter { Value = request.Code });
        await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
        if (!await reader.ReadAsync(context.CancellationToken))
        {
            return new ResolveCodeReply { Found = false };
        }

        return new ResolveCodeReply { Found = true, OrganizationId = reader.GetGuid(0).ToString(), Slug = reader.GetString(1), Name = reader.GetString(2) };
    }
}
