using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Domain;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.ServiceDefaults.Data;
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

    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromDays(14);
    public static readonly TimeSpan ResendThrottle = TimeSpan.FromMinutes(5);

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
        Guid? organizationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO supporters (id, email, email_normalized, first_name, last_name, country, region, postal_code,
                personas, flexibility, why, consent_to_updates, list_publicly, referral_code, referred_by,
                organization_code, confirm_token_hash, confirm_expires_at, manage_token_hash, last_mailed_at, organization_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
            ON CONFLICT (email_normalized) DO NOTHING
            """, tx.Connection, tx);
        object?[] values =
        [
            Guid.CreateVersion7(), email, normalized, request.FirstName!.Trim(), request.LastName!.Trim(), request.Country,
            NullIfBlank(request.Region), NullIfBlank(request.PostalCode), Distinct(request.Personas), Distinct(request.Flexibility),
            NullIfBlank(request.Why), request.ConsentToUpdates, request.ListPublicly, _newReferralCode(),
            request.ReferralCode, request.OrganizationCode, Tokens.Hash(confirmToken), now + ConfirmationLifetime,
            Tokens.Hash(manageToken), now, organizationId,
        ];
        foreach (var value in values)
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<SubmitOutcome> ResendAsync(
        NpgsqlTransaction tx, string normalized, string confirmToken, string manageToken, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Known email: only a pending pledge gets its mail again, with new tokens (the old ones are
        // unrecoverable hashes), and not more often than the throttle allows.
        await using var resend = new NpgsqlCommand(
            """
            UPDATE supporters SET confirm_token_hash = $2, manage_token_hash = $3, confirm_expires_at = $4, last_mailed_at = $5
            WHERE email_normalized = $1 AND status = 'pending' AND last_mailed_at < $6
            RETURNING first_name
            """, tx.Connection, tx);
        resend.Parameters.Add(new NpgsqlParameter { Value = normalized });
        resend.Parameters.Add(new NpgsqlParameter { Value = Tokens.Hash(confirmToken) });
        resend.Parameters.Add(new NpgsqlParameter { Value = Tokens.Hash(manageToken) });
        resend.Parameters.Add(new NpgsqlParameter { Value = now + ConfirmationLifetime });
        resend.Parameters.Add(new NpgsqlParameter { Value = now });
        resend.Parameters.Add(new NpgsqlParameter { Value = now - ResendThrottle });
        return await resend.ExecuteScalarAsync(cancellationToken) is string firstName
            ? new SubmitOutcome.SendConfirmation(firstName, confirmToken, manageToken)
            : new SubmitOutcome.NothingToDo();
    }

    public async Task<ConfirmOutcome> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Tokens.Hash(token);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);

        await using (var confirm = new NpgsqlCommand(
            """
            UPDATE supporters SET status = 'confirmed', confirmed_at = $2
            WHERE confirm_token_hash = $1 AND status = 'pending' AND confirm_expires_at > $2
            RETURNING id, referral_code, referred_by, organization_code
            """, connection, tx))
        {
            var now = clock.GetUtcNow();
            confirm.Parameters.Add(new NpgsqlParameter { Value = hash });
            confirm.Parameters.Add(new NpgsqlParameter { Value = now });
            await using var reader = await confirm.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var confirmed = new PledgeConfirmed(
                    reader.GetGuid(0), reader.GetString(1), reader.GetStringOrNull(2), reader.GetStringOrNull(3), now);
                await reader.DisposeAsync();
                await outbox.AddAsync(tx, confirmed, cancellationToken);
                await TotalShards.MoveAsync(tx, 1, cancellationToken);
                await outbox.CommitAsync(tx, cancellationToken);
                return new ConfirmOutcome.Confirmed(confirmed.SupporterId, confirmed.ReferralCode, Counted: true);
            }
        }

        await using var lookup = new NpgsqlCommand(
            "SELECT id, referral_code, status FROM supporters WHERE confirm_token_hash = $1", connection, tx);
        lookup.Parameters.Add(new NpgsqlParameter { Value = hash });
        await using var existing = await lookup.ExecuteReaderAsync(cancellationToken);
        if (!await existing.ReadAsync(cancellationToken))
        {
            return new ConfirmOutcome.Unknown();
        }

        return existing.GetString(2) switch
        {
            "confirmed" => new ConfirmOutcome.Confirmed(existing.GetGuid(0), existing.GetString(1), Counted: false),
            "pending" => new ConfirmOutcome.Expired(),
            _ => new ConfirmOutcome.Unknown(),
        };
    }

    /// <summary>The source of truth for the public total, with the snapshot it was read in.</summary>
    public Task<CommittedTotal> CountConfirmedAsync(CancellationToken cancellationToken) => TotalShards.ReadAsync(dataSource, cancellationToken);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string[] Distinct(string[]? values) => values?.Distinct(StringComparer.Ordinal).ToArray() ?? [];
}
