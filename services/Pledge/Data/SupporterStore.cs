using Dapper;
using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Domain;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Messaging;
using Npgsql;

namespace FlexPlatform.Pledge.Data;

public abstract record SubmitOutcome
{
    /// <summary>A new pending supporter, or a pending one whose mail is re-sent with fresh tokens.</summary>
    public sealed record SendConfirmation(string FirstName, string ConfirmToken, string ManageToken) : SubmitOutcome;

    /// <summary>Already confirmed, or a pending one mailed too recently: nothing to do, nothing revealed.</summary>
    public sealed record NothingToDo : SubmitOutcome;
}

public abstract record ConfirmOutcome
{
    public sealed record Confirmed(Guid SupporterId, string ReferralCode, bool Counted) : ConfirmOutcome;

    public sealed record Expired : ConfirmOutcome;

    public sealed record Unknown : ConfirmOutcome;
}

/// <summary>Pledge's SQL: every state change and the event describing it commit together.</summary>
/// <param name="newReferralCode">Where referral codes come from (random; tests force collisions).</param>
public sealed class SupporterStore(NpgsqlDataSource dataSource, Outbox outbox, MailOutbox mailOutbox, TimeProvider clock, Func<string>? newReferralCode = null)
{
    private const int CodeAttempts = 5;
    private readonly Func<string> _newReferralCode = newReferralCode ?? Tokens.NewReferralCode;

    /// <summary>
    /// Stores the pledge, or renews a pending one's tokens, and queues its confirmation mail in the
    /// same transaction: one commit per pledge, and no pledge without its mail.
    /// </summary>
    public async Task<SubmitOutcome> SubmitAsync(
        PledgeRequest request, Guid? organizationId, Func<SubmitOutcome.SendConfirmation, MailMessage> confirmationMail, CancellationToken cancellationToken)
    {
        var email = request.Email!.Trim();
        var normalized = EmailAddress.Normalize(email);
        var confirmToken = Tokens.NewSecret();
        var manageToken = Tokens.NewSecret();
        var now = clock.GetUtcNow();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                if (await InsertAsync(tx, request, email, normalized, confirmToken, manageToken, organizationId, now, cancellationToken))
                {
                    return await QueueMailAsync(tx, new SubmitOutcome.SendConfirmation(request.FirstName!.Trim(), confirmToken, manageToken), confirmationMail, cancellationToken);
                }

                var resent = await ResendAsync(tx, normalized, confirmToken, manageToken, now, cancellationToken);
                return resent is SubmitOutcome.SendConfirmation send ? await QueueMailAsync(tx, send, confirmationMail, cancellationToken) : resent;
            }
            catch (PostgresException ex) when (ex is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "supporters_referral_code_key" } && attempt < CodeAttempts)
            {
                // Two supporters drew the same referral code: roll back and draw again.
            }
        }
    }

    private async Task<SubmitOutcome> QueueMailAsync(
        NpgsqlTransaction tx, SubmitOutcome.SendConfirmation send, Func<SubmitOutcome.SendConfirmation, MailMessage> confirmationMail, CancellationToken cancellationToken)
    {
        await MailOutbox.AddAsync(tx, confirmationMail(send), cancellationToken);
        await mailOutbox.CommitAsync(tx, cancellationToken);
        return send;
    }

    private async Task<bool> InsertAsync(
        NpgsqlTransaction tx, PledgeRequest request, string email, string normalized, string confirmToken, string manageToken,
        Guid? organizationId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await tx.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO supporters (id, email, email_normalized, first_name, last_name, country, region, postal_code,
                personas, flexibility, why, consent_to_updates, list_publicly, referral_code, referred_by,
                organization_code, confirm_token_hash, confirm_expires_at, manage_token_hash, last_mailed_at, organization_id)
            VALUES (@id, @email, @normalized, @firstName, @lastName, @Country, @region, @postalCode,
                @personas, @flexibility, @why, @ConsentToUpdates, @ListPublicly, @newCode, @referredBy,
                @OrganizationCode, @confirmHash, @confirmExpires, @manageHash, @now, @organizationId)
            ON CONFLICT (email_normalized) DO NOTHING
            """,
            new
            {
                id = Guid.CreateVersion7(), email, normalized, firstName = request.FirstName!.Trim(), lastName = request.LastName!.Trim(), request.Country,
                region = NullIfBlank(request.Region), postalCode = NullIfBlank(request.PostalCode),
                personas = Distinct(request.Personas), flexibility = Distinct(request.Flexibility), why = NullIfBlank(request.Why),
                request.ConsentToUpdates, request.ListPublicly, newCode = _newReferralCode(), referredBy = request.ReferralCode, request.OrganizationCode,
                confirmHash = Tokens.Hash(confirmToken), confirmExpires = now + ConfirmationLinks.Lifetime, manageHash = Tokens.Hash(manageToken), now,
                organizationId,
            }, tx, cancellationToken: cancellationToken)) == 1;

    private static async Task<SubmitOutcome> ResendAsync(
        NpgsqlTransaction tx, string normalized, string confirmToken, string manageToken, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Known email: only a pending pledge gets its mail again, with new tokens (the old ones are
        // unrecoverable hashes), and not more often than the throttle allows.
        var firstName = await tx.Connection!.ExecuteScalarAsync<string?>(new CommandDefinition(
            """
            UPDATE supporters SET confirm_token_hash = @confirmHash, manage_token_hash = @manageHash, confirm_expires_at = @confirmExpires, last_mailed_at = @now
            WHERE email_normalized = @normalized AND status = 'pending' AND last_mailed_at < @throttle
            RETURNING first_name
            """,
            new
            {
                normalized, confirmHash = Tokens.Hash(confirmToken), manageHash = Tokens.Hash(manageToken), confirmExpires = now + ConfirmationLinks.Lifetime,
                now, throttle = now - ConfirmationLinks.ResendThrottle,
            }, tx, cancellationToken: cancellationToken));
        return firstName is not null ? new SubmitOutcome.SendConfirmation(firstName, confirmToken, manageToken) : new SubmitOutcome.NothingToDo();
    }

    public async Task<ConfirmOutcome> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Tokens.Hash(token);
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var confirmed = await connection.QuerySingleOrDefaultAsync<ConfirmedRow>(new CommandDefinition(
            """
            UPDATE supporters SET status = 'confirmed', confirmed_at = @now
            WHERE confirm_token_hash = @hash AND status = 'pending' AND confirm_expires_at > @now
            RETURNING id, referral_code AS ReferralCode, referred_by AS ReferredBy, organization_code AS OrganizationCode
            """, new { hash, now }, tx, cancellationToken: cancellationToken));
        if (confirmed is not null)
        {
            await outbox.AddAsync(tx, new PledgeConfirmed(confirmed.Id, confirmed.ReferralCode, confirmed.ReferredBy, confirmed.OrganizationCode, now), cancellationToken);
            await TotalShards.MoveAsync(tx, 1, cancellationToken);
            await outbox.CommitAsync(tx, cancellationToken);
            return new ConfirmOutcome.Confirmed(confirmed.Id, confirmed.ReferralCode, Counted: true);
        }

        var existing = await connection.QuerySingleOrDefaultAsync<ConfirmedRow>(new CommandDefinition(
            "SELECT id, referral_code AS ReferralCode, status FROM supporters WHERE confirm_token_hash = @hash", new { hash }, tx, cancellationToken: cancellationToken));
        return existing?.Status switch
        {
            "confirmed" => new ConfirmOutcome.Confirmed(existing.Id, existing.ReferralCode, Counted: false),
            "pending" => new ConfirmOutcome.Expired(),
            _ => new ConfirmOutcome.Unknown(),
        };
    }

    /// <summary>The source of truth for the public total, with the snapshot it was read in.</summary>
    public Task<CommittedTotal> CountConfirmedAsync(CancellationToken cancellationToken) => TotalShards.ReadAsync(dataSource, cancellationToken);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string[] Distinct(string[]? values) => values?.Distinct(StringComparer.Ordinal).ToArray() ?? [];

    private sealed class ConfirmedRow
    {
        public Guid Id { get; init; }
        public string ReferralCode { get; init; } = "";
        public string? ReferredBy { get; init; }
        public string? OrganizationCode { get; init; }
        public string? Status { get; init; }
    }
}
