using FlexPlatform.AppHost.Publishing;
using Xunit;

namespace FlexPlatform.Deploy.Tests;

public sealed class YamlTests
{
    [Theory]
    [InlineData("off")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("3600")]
    [InlineData("100m")]
    [InlineData("http://pledge:8080")]
    [InlineData("a \"quoted\" \\ path\nand a second line")]
    [InlineData("plain-word")]
    public void Strings_read_back_as_the_same_strings(string value)
    {
        var yaml = Yaml.Write(new YamlMap { { new YamlComment("why") }, { "key", value } });
        Assert.Equal(value, Manifests.Parse(yaml).Single().Root["key"]);
    }

    [Fact]
    public void Keys_keep_their_order_and_empty_collections_stay_empty()
    {
        var yaml = Yaml.Write(new YamlMap { { "b", 1 }, { "a", true }, { "skipped", null }, { "map", new YamlMap() }, { "list", Array.Empty<string>() } });
        Assert.Equal("b: 1\na: true\nmap: {}\nlist: []\n", yaml);
    }
}
