using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ImportTests(PlatformFixture platform)
{
    private const string Header = "email,first_name,last_name,country,region,personas,flexibility,why,consent_to_updates,list_publicly\n";

    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Import_adds_new_supporters_skips_duplicates_and_keeps_every_count_exact()
    {
        var existing = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("existing"));
        var first = Pledges.NewEmail("imported");
        var second = Pledges.NewEmail("imported");
        var before = await platform.Pledge.CountAsync();
        var csv = Header
            + $"{first},Ana,Lima,BR,,parent;freelancer,telecommuting,,yes,no\n"
            + $"{first.ToUpperInvariant()},Ana,Lima,BR,,,,,yes,no\n"
            + $"{existing.Email},Sara,Smith,US,CO,,,,no,no\n"
            + $"{second},Ole,Berg,NO,Oslo,,part-time,\"Family, first\nand always\",1,1\n";

        using var admin = platform.AdminClient();
        var response = await ImportAsync(admin, csv);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, result.GetProperty("rows").GetInt64());
        Assert.Equal(2, result.GetProperty("added").GetInt64());
        Assert.Equal(2, result.GetProperty("duplicates").GetInt64());
        Assert.Equal(before + 2, result.GetProperty("total").GetInt64());
        Assert.Equal(before + 2, await platform.Pledge.CountAsync());
        Assert.Equal(1, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{second}' AND why = E'Family, first\\nand always' AND status = 'confirmed' AND list_publicly"));
        await platform.AssertTotalsAgreeAsync();
    }

    [Fact]
    public async Task Import_with_an_invalid_row_is_refused_naming_the_line_and_stores_nothing()
    {
        var good = Pledges.NewEmail("refused-import");
        var csv = Header + $"{good},Ana,Lima,BR,,,,,yes,no\n" + $"{Pledges.NewEmail()},Bad,Country,XX,,,,,yes,no\n";

        using var admin = platform.AdminClient();
        var response = await ImportAsync(admin, csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var row = Assert.Single(problem.GetProperty("rows").EnumerateArray());
        Assert.Equal(3, row.GetProperty("line").GetInt64());
        Assert.True(row.GetProperty("errors").TryGetProperty("country", out _));
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{good}'"));
    }

    [Theory]
    [InlineData("email,first_name\n")]
    [InlineData("email,first_name,last_name,country,shoe_size\n")]
    [InlineData("email,first_name,last_name,country\n\"unterminated,Ana,Lima,BR\n")]
    public async Task Import_of_an_unusable_file_gets_400_problem_details(string csv)
    {
        using var admin = platform.AdminClient();
        var response = await ImportAsync(admin, csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Import_requires_an_admin_token()
    {
        var email = Pledges.NewEmail("sneaky");

        var response = await ImportAsync(_gateway, Header + $"{email},Ana,Lima,BR,,,,,yes,no\n");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{email}'"));
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, string csv) =>
        client.PostAsync("/api/pledges/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
}
