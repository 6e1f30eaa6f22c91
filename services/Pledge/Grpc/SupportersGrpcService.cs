using FlexPlatform.Pledge.Counting;
using Grpc.Core;
using Npgsql;

namespace FlexPlatform.Pledge.Grpc;

public sealed class SupportersGrpcService(PledgeCounter counter, NpgsqlDataSource dataSource) : Supporters.SupportersBase
{
    public override async Task<GetCountsReply> GetCounts(GetCountsRequest request, ServerCallContext context) =>
        new() { Total = await counter.GetTotalAsync(context.CancellationToken), Goal = CounterOptions.Goal };

    public override async Task<VerifySupporterReply> VerifySupporter(VerifySupporterRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.SupporterId, out var id))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "supporter_id must be a UUID."));
        }

        await using var command = dataSource.CreateCommand("SELECT referral_code FROM supporters WHERE id = $1 AND status = 'confirmed'");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        var code = await command.ExecuteScalarAsync(context.CancellationToken) as string;
        return new VerifySupporterReply { Confirmed = code is not null, ReferralCode = code ?? "" };
    }
}
