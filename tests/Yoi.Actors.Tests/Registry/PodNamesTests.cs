using Yoi.Actors.Registry;

namespace Yoi.Actors.Tests.Registry;

public class PodNamesTests
{
    [Theory]
    [InlineData("coder")]
    [InlineData("coder-2.review_x")]
    [InlineData("日本語")]
    [InlineData("a.b")]
    public void Ordinary_names_are_fine(string name) => Assert.Null(PodNames.Validate(name));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a/b", "'/'")]
    [InlineData("/", "'/'")]
    [InlineData("..", "\"..\"")]
    [InlineData("a..b", "\"..\"")]
    [InlineData(".", "\".\"")]
    [InlineData("a\0b", "NUL")]
    [InlineData("a\nb", "U+000A")]
    [InlineData("\u007f", "U+007F")]
    [InlineData("a\u0085", "U+0085")]
    public void Unusable_names_get_a_specific_reason(string name, string expected)
    {
        Assert.Contains(expected, PodNames.Validate(name), StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_longer_than_a_file_name_may_be_is_rejected()
    {
        Assert.Null(PodNames.Validate(new string('a', 255)));
        Assert.Contains("255", PodNames.Validate(new string('é', 128)), StringComparison.Ordinal);
    }
}
