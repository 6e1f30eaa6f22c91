using FlexPlatform.Pledge.Import;
using Xunit;

namespace FlexPlatform.Pledge.Tests;

public sealed class CsvRowsTests
{
    [Fact]
    public async Task Quoted_fields_keep_commas_quotes_and_line_breaks_and_lines_are_counted()
    {
        var rows = new CsvRows(new StringReader("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\n"));

        Assert.Equal(["a", "b", "c"], await rows.ReadAsync(default));
        Assert.Equal(1, rows.Line);
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], await rows.ReadAsync(default));
        Assert.Equal(2, rows.Line);
        Assert.Equal(["last", "", ""], await rows.ReadAsync(default));
        Assert.Equal(4, rows.Line);
        Assert.Null(await rows.ReadAsync(default));
    }

    [Fact]
    public async Task A_quote_split_across_buffer_reads_is_still_an_escaped_quote()
    {
        // 16,381 characters of short rows put the escaped quote's first half last in the 16,384-char buffer.
        var prefix = string.Concat(Enumerable.Repeat("a\n", 8190)) + "\n";
        var rows = new CsvRows(new StringReader(prefix + "\"b\"\"c\"\n"));

        List<string>? row, last = null;
        while ((row = await rows.ReadAsync(default)) is not null)
        {
            last = row;
        }

        Assert.Equal("b\"c", Assert.Single(last!));
    }

    [Fact]
    public async Task Unterminated_quote_is_malformed_naming_its_line()
    {
        var rows = new CsvRows(new StringReader("a\n\"never closed\n"));
        await rows.ReadAsync(default);

        var ex = await Assert.ThrowsAsync<MalformedCsvException>(() => rows.ReadAsync(default));

        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public async Task Overlong_field_is_malformed()
    {
        var rows = new CsvRows(new StringReader(new string('x', 5000)));

        await Assert.ThrowsAsync<MalformedCsvException>(() => rows.ReadAsync(default));
    }
}
