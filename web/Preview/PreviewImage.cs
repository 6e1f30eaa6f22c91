using System.Globalization;
using FlexPlatform.Web.Api;
using FlexPlatform.Web.Pages;
using Microsoft.AspNetCore.Http.HttpResults;
using SkiaSharp;

namespace FlexPlatform.Web.Preview;

/// <summary>
/// The picture a shared link shows (Open Graph, X cards): the live total toward the goal, drawn on the
/// server as a PNG of the size those cards use, and drawn again at most once a minute whatever the traffic.
/// </summary>
public sealed class PreviewImage(TimeProvider clock) : IDisposable
{
    public const int Width = 1200;
    public const int Height = 630;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>How long a card is kept while the total cannot be read, before asking again.</summary>
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(10);

    private static readonly SKColor Brand = SKColor.Parse("#0a625d");
    private static readonly SKColor Paper = SKColors.White;
    private static readonly SKColor Track = SKColor.Parse("#0d7d76");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly Lazy<SKTypeface> Bold = new(LoadTypeface);

    private readonly TimeProvider _clock = clock;
    private readonly SemaphoreSlim _drawing = new(1, 1);
    private Card? _last;

    /// <summary>A drawn card and until when it is served without asking for the total again.</summary>
    public sealed record Card(byte[] Png, DateTimeOffset FreshUntil);

    /// <summary>
    /// The current card. While the total cannot be read, the last card drawn (or one without a number) is served
    /// and kept for <see cref="Retry"/>, so an outage costs one read every ten seconds, not one a request.
    /// </summary>
    public async Task<Card> GetAsync(ApiClient api, CancellationToken cancellationToken)
    {
        if (Fresh() is { } card)
        {
            return card;
        }

        await _drawing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } drawnMeanwhile)
            {
                return drawnMeanwhile;
            }

            var count = await api.ReadAsync((gateway, ct) => gateway.Reads_GetCountAsync(ct), cancellationToken);
            var now = _clock.GetUtcNow();
            _last = count is null
                ? new Card(_last?.Png ?? Draw(null, 1_000_000), now + Retry)
                : new Card(Draw(count.Total, count.Goal), now + Lifetime);
            return _last;
        }
        finally
        {
            _drawing.Release();
        }
    }

    /// <summary><c>GET /preview.png</c>: the card, cacheable for as long as it is kept here.</summary>
    public static async Task<FileContentHttpResult> ServeAsync(PreviewImage preview, ApiClient api, HttpResponse response, CancellationToken cancellationToken)
    {
        var card = await preview.GetAsync(api, cancellationToken);
        var seconds = Math.Max(0, (int)(card.FreshUntil - preview._clock.GetUtcNow()).TotalSeconds);
        response.Headers.CacheControl = $"public, max-age={seconds}";
        return TypedResults.File(card.Png, "image/png");
    }

    public void Dispose() => _drawing.Dispose();

    private Card? Fresh() => _last is { } last && _clock.GetUtcNow() < last.FreshUntil ? last : null;

    /// <summary>The card itself: the movement's name, the total (when known) and how far toward the goal.</summary>
    public static byte[] Draw(long? total, long goal)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(Brand);
        using var paint = new SKPaint { IsAntialias = true, Color = Paper };

        Text(canvas, "1 Million for Work Flexibility", 80, 130, 52, paint);
        if (total is { } value)
        {
            Text(canvas, value.ToString("N0", English), 80, 330, 150, paint);
            Text(canvas, $"{Counts.Noun(value, "supporter", "supporters")} of {goal.ToString("N0", English)}", 80, 410, 48, paint);
            var done = Math.Clamp((float)value / Math.Max(goal, 1), 0f, 1f);
            using var track = new SKPaint { IsAntialias = true, Color = Track };
            canvas.DrawRoundRect(new SKRect(80, 460, Width - 80, 500), 20, 20, track);
            if (done > 0)
            {
                // At least a visible sliver once anyone has pledged.
                canvas.DrawRoundRect(new SKRect(80, 460, 80 + Math.Max(40, (Width - 160) * done), 500), 20, 20, paint);
            }
        }
        else
        {
            Text(canvas, "People and organizations", 80, 300, 64, paint);
            Text(canvas, "for flexible work", 80, 380, 64, paint);
        }

        Text(canvas, "Add your name. Then tell your friends.", 80, 570, 40, paint);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static void Text(SKCanvas canvas, string text, float x, float y, float size, SKPaint paint)
    {
        using var font = new SKFont(Bold.Value, size);
        canvas.DrawText(text, x, y, SKTextAlign.Left, font, paint);
    }

    private static SKTypeface LoadTypeface()
    {
        using var font = typeof(PreviewImage).Assembly.GetManifestResourceStream("DejaVuSans-Bold.ttf")
            ?? throw new InvalidOperationException("The preview's typeface is not embedded in the site.");
        return SKTypeface.FromStream(font);
    }
}
