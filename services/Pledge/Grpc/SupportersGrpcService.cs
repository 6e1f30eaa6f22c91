using System.Globalization;
using FlexPlatform.Domain;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.Pledge.Reads;
using Grpc.Core;
using Npgsql;

namespace FlexPlatform.Pledge.Grpc;

public sealed class SupportersGrpcService(PledgeCounter counter, NpgsqlDataSource dataSource, CountedSupporters counted) : Supporters.SupportersBase
{
    public override Task<CountedDigest> DigestCounted(CountedPageRequest request, ServerCallContext context) =>
        counted.DigestAsync(OptionalId(request.AfterId), Limit(request.Limit), request.View, context.CancellationToken);

    public override Task<CountedPage> ListCounted(CountedPageRequest request, ServerCallContext context) =>
        counted.ListAsync(OptionalId(request.AfterId), OptionalId(request.ThroughId), Limit(request.Limit), request.View, context.CancellationToken);

    // From PostgreSQL, not the cached copy: other services decide on it (milestones are announced once, for good).
    public override async Task<GetCountsReply> GetCounts(GetCountsRequest request, ServerCallContext context) =>
        new() { Total = await counter.CountCommittedAsync(context.CancellationToken), Goal = CounterOptions.Goal };

    public override async Task<VerifySupporterReply> VerifySupporter(VerifySupporterRequest request, ServerCallContext context)
    {
        var id = ParseId(request.SupporterId);

        await using var command = dataSource.CreateCommand("SELECT referral_code FROM supporters WHERE id = $1 AND status = 'confirmed'");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        var code = await command.ExecuteScalarAsync(context.CancellationToken) as string;
        return new VerifySupporterReply { Confirmed = code is not null, ReferralCode = code ?? "" };
    }

    public override async Task<GetProfileReply> GetProfile(GetProfileRequest request, ServerCallContext context)
    {
        var id = ParseId(request.SupporterId);
        await using var command = dataSource.CreateCommand(
            "SELECT first_name, last_name, region, country, confirmed_at FROM supporters WHERE id = $1 AND status = 'confirmed' AND list_publicly");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
        if (!await reader.ReadAsync(context.CancellationToken))
        {
            return new GetProfileReply { Found = false };
        }

        var supporter = PublicReads.ToRecentSupporter(reader);
        return new GetProfileReply
        {
            Found = true,
            DisplayName = supporter.DisplayName,
            Place = supporter.Place,
            PledgedAt = supporter.PledgedAt.ToString("O", CultureInfo.InvariantCulture),
        };
    }

    public const int MaxProfiles = 500;

    public override async Task<GetProfilesReply> GetProfiles(GetProfilesRequest request, ServerCallContext context)
    {
        if (request.SupporterIds.Count > MaxProfiles)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"At most {MaxProfiles} supporter_ids."));
        }

        var ids = request.SupporterIds.Select(ParseId).ToArray();
        await using var command = dataSource.CreateCommand(
            "SELECT id, first_name, last_name, region, country, confirmed_at FROM supporters WHERE id = ANY($1) AND status = 'confirmed' AND list_publicly");
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        var found = new Dictionary<Guid, GetProfileReply>();
        await using (var reader = await command.ExecuteReaderAsync(context.CancellationToken))
        {
            while (await reader.ReadAsync(context.CancellationToken))
            {
                var supporter = PublicReads.ToRecentSupporter(reader, firstColumn: 1);
                found[reader.GetGuid(0)] = new GetProfileReply
                {
                    Found = true,
                    DisplayName = supporter.DisplayName,
                    Place = supporter.Place,
                    PledgedAt = supporter.PledgedAt.ToString("O", CultureInfo.InvariantCulture),
                };
            }
        }

        var reply = new GetProfilesReply();
        reply.Profiles.AddRange(ids.Select(id => found.GetValueOrDefault(id) ?? new GetProfileReply { Found = false }));
        return reply;
    }

    public override async Task<IsConfirmedSupporterReply> IsConfirmedSupporter(IsConfirmedSupporterRequest request, ServerCallContext context)
    {
        if (!EmailAddress.IsValid(request.Email))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "email must be a valid address."));
        }

        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM supporters WHERE email_normalized = $1 AND status = 'confirmed')");
        command.Parameters.Add(new NpgsqlParameter { Value = EmailAddress.Normalize(request.Email) });
        return new IsConfirmedSupporterReply { Confirmed = (bool)(await command.ExecuteScalarAsync(context.CancellationToken))! };
    }

    private static Guid? OptionalId(string id) => id.Length == 0 ? null : ParseId(id);

    private static int Limit(int limit) => limit is >= 1 and <= CountedSupporters.MaxPage
        ? limit
        : throw new RpcException(new Status(StatusCode.InvalidArgument, $"limit must be from 1 to {CountedSupporters.MaxPage}."));

    private static Guid ParseId(string supporterId) =>
        Guid.TryParse(supporterId, out var id) ? id : throw new RpcException(new Status(StatusCode.InvalidArgument, "supporter_id must be a UUID."));
}
