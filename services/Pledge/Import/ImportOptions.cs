using System.ComponentModel.DataAnnotations;

namespace FlexPlatform.Pledge.Import;

public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>
    /// Rows per staged chunk: each is added to supporters while the next is read. Smaller chunks overlap more of the
    /// work and cost a statement or two more each; the last one's insert is what remains after reading ends.
    /// </summary>
    [Range(1, 10_000_000)]
    public int ChunkRows { get; set; } = 50_000;
}
