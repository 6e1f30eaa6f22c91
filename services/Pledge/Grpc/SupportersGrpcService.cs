using System.Globalization;
using FlexPlatform.Domain;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.Pledge.Reads;
using Grpc.Core;

namespace FlexPlatform.Pledge.Grpc;

public sealed class SupportersGrpcService(PledgeCounter counter, SupporterProfiles profiles, CountedSupporters counted) : Supporters.SupportersBase
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
        var code = await profiles.ReferralCodeAsync(ParseId(request.SupporterId), context.CancellationToken);
        return new VerifySupporterReply { Confirmed = code is not null, ReferralCode = code ?? "" };
    }

    public override async Task<GetProfileReply> GetProfile(GetProfileRequest request, ServerCallContext context)
    {
        var id = ParseId(request.SupporterId);
        return Profile((await profiles.ListedAsync([id], context.CancellationToken)).GetValueOrDefault(id));
    }

    public const int MaxProfiles = 500;

    public override async Task<GetProfilesReply> GetProfiles(GetProfilesRequest request, ServerCallContext context)
    {
        if (request.SupporterIds.Count > MaxProfiles)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"At most {MaxProfiles} supporter_ids."));
        }

        var ids = request.SupporterIds.Select(ParseId).ToArray();
        var listed = await profiles.ListedAsync(ids, context.CancellationToken);
        var reply = new GetProfilesReply();
        reply.Profiles.AddRange(ids.Select(id => Profile(listed.GetValueOrDefault(id))));
        return reply;
    }

    public override async Task<IsConfirmedSupporterReply> IsConfirmedSupporter(IsConfirmedSupporterRequest request, ServerCallContext context)
    {
        if (!EmailAddress.IsValid(request.Email))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "email must be a valid address."));
        }

        return new IsConfirmedSupporterReply { Confirmed = await profiles.IsConfirmedAsync(EmailAddress.Normalize(request.Email), context.CancellationToken) };
    }

    private static GetProfileReply Profile(RecentSupporter? supporter) => supporter is null
        ? new GetProfileReply { Found = false }
        : new GetProfileReply
        {
            Found = true,
            DisplayName = supporter.DisplayName,
            Place = supporter.Place,
            PledgedAt = supporter.PledgedAt.ToString("O", CultureInfo.InvariantCulture),
        };

    private static Guid? OptionalId(string id) => id.Length == 0 ? null : ParseId(id);

    private static int Limit(int limit) => limit is >= 1 and <= CountedSupporters.MaxPage
        ? limit
        : throw new RpcException(new Status(StatusCode.InvalidArgument, $"limit must be from 1 to {CountedSupporters.MaxPage}."));

    private static Guid ParseId(string supporterId) =>
        Guid.TryParse(supporterId, out var id) ? id : throw new RpcException(new Status(StatusCode.InvalidArgument, "supporter_id must be a UUID."));
}
