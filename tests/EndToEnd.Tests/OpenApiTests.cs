using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexPlatform.AppHost.Servers;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>The one OpenAPI document mobile and third-party developers read, and the browser for it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenApiTests(PlatformFixture platform)
{
    /// <summary>
    /// The document clients generate from passes Redocly's recommended rules: every operation has a unique id, a
    /// summary, a 4xx answer and its security; tags are described; no schema is unused. The one warning left is the
    /// missing licence: the project has not chosen one.
    /// </summary>
    [Fact]
    public async Task Gateway_document_passes_the_recommended_lint_rules()
    {
        var document = Path.Combine(Path.GetTempPath(), $"flexplatform-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await platform.Gateway.GetStringAsync("/openapi/v1.json"));
        try
        {
            var report = JsonDocument.Parse(await NpmTools.RunAsync("@redocly/cli", "2.77.0", "redocly",
                ["lint", document, "--format=json", "--max-problems=1000", "--extends=recommended"])).RootElement;
            var problems = report.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()}")
                .ToList();
            Assert.Equal(["warn info-license: Info object should contain `license` field."], problems);
        }
        finally
        {
            File.Delete(document);
        }
    }

    /// <summary>
    /// What a mobile or web developer would do: generate a typed client from the document (openapi-typescript, with
    /// openapi-fetch) and call public routes with it. A route the document lacks does not compile.
    /// </summary>
    [Fact]
    public async Task A_typescript_client_generated_from_the_document_calls_public_routes_and_refuses_a_route_it_lacks()
    {
        var workspace = await NpmTools.EnsureFolderAsync("typescript-client", ["openapi-typescript@7.13.0", "openapi-fetch@0.17.0", "typescript@5.9.3"]);
        var run = Directory.CreateDirectory(Path.Combine(workspace, "runs", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(run, "openapi.json"), await platform.Gateway.GetStringAsync("/openapi/v1.json"));
            await File.WriteAllTextAsync(Path.Combine(run, "package.json"), """{ "type": "module" }""");
            await NpmTools.RunAsync(Path.Combine(workspace, "node_modules", ".bin", "openapi-typescript"), [Path.Combine(run, "openapi.json"), "-o", Path.Combine(run, "schema.d.ts")]);

            await File.WriteAllTextAsync(Path.Combine(run, "client.ts"), TypeScriptClient("/api/pledges/count"));
            await CompileAsync(workspace, run, "client.ts");
            var answer = JsonDocument.Parse(await NpmTools.RunAsync("node", [Path.Combine(run, "out", "client.js"), platform.Gateway.BaseAddress!.ToString().TrimEnd('/')])).RootElement;
            var count = JsonDocument.Parse(await platform.Gateway.GetStringAsync("/api/pledges/count")).RootElement;
            var companies = JsonDocument.Parse(await platform.Gateway.GetStringAsync("/api/coalition/members?kind=company&page=1")).RootElement;
            Assert.Equal(count.GetProperty("total").GetInt64(), answer.GetProperty("total").GetInt64());
            Assert.Equal(1_000_000, answer.GetProperty("goal").GetInt64());
            Assert.Equal(companies.GetArrayLength(), answer.GetProperty("members").GetInt32());

            await File.WriteAllTextAsync(Path.Combine(run, "broken.ts"), TypeScriptClient("/api/pledges/counts"));
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => CompileAsync(workspace, run, "broken.ts"));
            Assert.Contains("broken.ts(6,", refused.Message, StringComparison.Ordinal); // the line that calls the route
            Assert.Contains("error TS", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }

    private static Task<string> CompileAsync(string workspace, string run, string file) =>
        NpmTools.RunAsync(Path.Combine(workspace, "node_modules", ".bin", "tsc"),
            ["--strict", "--skipLibCheck", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", "--outDir", Path.Combine(run, "out"), Path.Combine(run, file)]);

    private static string TypeScriptClient(string countRoute) =>
        $$"""
        declare const process: { argv: string[] };
        import createClient from "openapi-fetch";
        import type { paths } from "./schema.js";

        const client = createClient<paths>({ baseUrl: process.argv[2] });
        const count = await client.GET("{{countRoute}}");
        const members = await client.GET("/api/coalition/members", { params: { query: { kind: "company", page: 1 } } });
        if (!count.data || !members.data) {
          throw new Error(`${count.response.status} ${members.response.status}`);
        }
        console.log(JSON.stringify({ total: Number(count.data.total), goal: Number(count.data.goal), members: members.data.length }));
        """;

    [Fact]
    public async Task Gateway_document_lists_every_public_route_of_every_service_and_marks_admin_routes()
    {
        var merged = JsonDocument.Parse(await platform.Gateway.GetStringAsync("/openapi/v1.json")).RootElement;
        Assert.StartsWith("3.1", merged.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = merged.GetProperty("paths");

        foreach (var service in new[] { "pledge", "coalition", "content", "engagement" })
        {
            using var direct = new HttpClient { BaseAddress = new Uri(platform.ServiceUrl(service)) };
            var own = JsonDocument.Parse(await direct.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
            foreach (var path in own.EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
            {
                Assert.True(paths.TryGetProperty(path.Name, out var item), $"{service}: {path.Name} is missing from the gateway's document");
                foreach (var operation in path.Value.EnumerateObject())
                {
                    Assert.True(item.TryGetProperty(operation.Name, out _), $"{operation.Name.ToUpperInvariant()} {path.Name} is missing");
                }
            }

            Assert.DoesNotContain(own.EnumerateObject(), p => p.Name.StartsWith("/admin/", StringComparison.Ordinal) && paths.TryGetProperty(p.Name, out _));
        }

        Assert.True(paths.GetProperty("/api/pledges").TryGetProperty("post", out var pledge));
        Assert.True(pledge.TryGetProperty("requestBody", out _));
        Assert.Contains(pledge.GetProperty("responses").EnumerateObject(), r => r.Name == "400");
        Assert.True(paths.GetProperty("/api/pledges/import").GetProperty("post").TryGetProperty("security", out _));
        Assert.True(paths.GetProperty("/api/coalition/applications").GetProperty("get").TryGetProperty("security", out _));
        Assert.False(paths.GetProperty("/api/coalition/applications").GetProperty("post").TryGetProperty("security", out _));
        Assert.True(merged.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
    }

    /// <summary>
    /// The web client's client is generated at build from web/Api/openapi.json: that copy must be the gateway's document,
    /// so a service's contract change reaches the web build. On a difference the copy is rewritten and the test fails:
    /// build the web client (a page the change breaks no longer compiles), then commit the copy with the change.
    /// </summary>
    [Fact]
    public async Task The_web_clients_copy_of_the_document_is_the_gateways()
    {
        var copy = Path.Combine(PlatformSettings.FindRepositoryRoot(), "web", "Api", "openapi.json");
        var served = JsonNode.Parse(await platform.Gateway.GetStringAsync("/openapi/v1.json"))!;
        var kept = JsonNode.Parse(await File.ReadAllTextAsync(copy));
        if (!JsonNode.DeepEquals(served, kept))
        {
            await File.WriteAllTextAsync(copy, served.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
            Assert.Fail($"The gateway's document changed: {copy} now holds the new one. Build web/ and commit the copy.");
        }
    }

    [Fact]
    public async Task Scalar_serves_the_document_browser_from_the_gateway()
    {
        var page = await platform.Gateway.GetAsync("/scalar/");
        var script = await platform.Gateway.GetAsync("/scalar/scalar.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
