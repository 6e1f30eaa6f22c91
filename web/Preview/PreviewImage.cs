using System.Globalization;
using FlexPlatform.Web.Api;
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

    private static readonly SKColor Brand = SKColor.Parse("#0a625d");
    private static readonly SKColor Paper = SKColors.White;
    private static readonly SKColor Track = SKColor.Parse("#0d7d76");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly Lazy<SKTypeface> Bold = new(LoadTypeface);

    private readonly SemaphoreSlim _drawing = new(1, 1);
    private Drawn? _last;

    private sealed record Drawn(byte[] Png, DateTimeOffset At);

    /// <summary>The current picture; while the total cannot be read, one without it that is not kept.</summary>
    public async Task<byte[]> GetAsync(ApiClient api, CancellationToken cancellationToken)
    {
        if (Fresh() is { } png)
        {
            return png;
        }

        await _drawing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } drawnMeanwhile)
            {
                return drawnMeanwhile;
            }

            var count = await api.ReadAsync((gateway, ct) => gateway.Reads_GetCountAsync(ct), cancellationToken);
            var drawn = Draw(count?.Total, count?.Goal ?? 1_000_000);
            if (count is not null)
            {
                _last = new Drawn(drawn, clock.GetUtcNow());
            }

            return drawn;
        }
        finally
        {
            _drawing.Release();
        }
    }

    public void Dispose() => _drawing.Dispose();

    private byte[]? Fresh() => _last is { } last && clock.GetUtcNow() - last.At < Lifetime ? last.Png : null;

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
            Text(canvas, $"{(value == 1 ? "supporter" : "supporters")} of {goal.ToString("N0", English)}", 80, 410, 48, paint);
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
