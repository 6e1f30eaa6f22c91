using System.Text.Json.Nodes;
using FlexPlatform.Gateway.Operations;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace FlexPlatform.Gateway.Tests;

/// <summary>The gateway finds each request's operation in the services' own OpenAPI documents, as their routers would.</summary>
public sealed class OperationTableTests
{
    private static readonly OperationTable Table = OperationTable.From(
    [
        Document("""
        {
          "/api/engagement/events/{slug}": { "get": {}, "put": { "security": [ { "Bearer": ["admin", "editor"] } ], "x-max-body-bytes": 131072 } },
          "/api/engagement/events/calendar.ics": { "get": { "parameters": [ { "name": "region", "in": "query" } ] } },
          "/api/engagement/events": { "get": { "parameters": [ { "name": "country", "in": "query" }, { "name": "page", "in": "query" }, { "name": "slug", "in": "path" } ] } },
          "/api/engagement/{resource}": { "post": { "security": [ { "Bearer": [] } ], "x-max-body-bytes": 131072 } },
          "/api/engagement/events/{slug}/rsvps": { "post": { "x-max-body-bytes": 16384 } }
        }
        """),
        Document("""
        { "/api/pledges/count": { "get": {} }, "/api/pledges": { "post": { "x-max-body-bytes": 16384 } } }
        """),
    ]);

    [Theory]
    [InlineData("GET", "/api/engagement/events/calendar.ics", "/api/engagement/events/calendar.ics")]
    [InlineData("GET", "/api/engagement/events/town-hall", "/api/engagement/events/{slug}")]
    [InlineData("HEAD", "/api/engagement/events/town-hall", "/api/engagement/events/{slug}")]
    [InlineData("POST", "/api/engagement/events/town-hall/rsvps", "/api/engagement/events/{slug}/rsvps")]
    [InlineData("POST", "/api/engagement/events", "/api/engagement/{resource}")]
    [InlineData("post", "/api/pledges", "/api/pledges")]
    public void A_request_finds_the_operation_its_service_would_route_it_to(string method, string path, string template) =>
        Assert.Equal(template, Table.Find(method, new PathString(path))?.Path);

    [Theory]
    [InlineData("DELETE", "/api/engagement/events/town-hall")]
    [InlineData("GET", "/api/engagement/events/town-hall/rsvps")]
    [InlineData("GET", "/api/pledges/nothing-here")]
    [InlineData("GET", "/api/pledges/count/extra")]
    public void A_request_no_service_describes_finds_nothing(string method, string path) =>
        Assert.Null(Table.Find(method, new PathString(path)));

    [Fact]
    public void Each_operation_brings_its_body_limit_query_and_security()
    {
        var edit = Table.Find("PUT", new PathString("/api/engagement/events/town-hall"))!;
        Assert.Equal(131072, edit.MaxBodyBytes);
        Assert.True(edit.Admin);
        Assert.Equal(["admin", "editor"], edit.Roles);
        // A requirement naming no role (an older document) admits admins only.
        Assert.Equal(["admin"], Table.Find("POST", new PathString("/api/engagement/petitions"))!.Roles);

        var list = Table.Find("GET", new PathString("/api/engagement/events"))!;
        Assert.Equal(["country", "page"], list.QueryKeys);
        Assert.False(list.Admin);
        Assert.Empty(list.Roles);
        Assert.Null(list.MaxBodyBytes);

        Assert.Equal(16384, Table.Find("POST", new PathString("/api/pledges"))!.MaxBodyBytes);
    }

    private static JsonObject Document(string paths) => new() { ["paths"] = JsonNode.Parse(paths) };
}
