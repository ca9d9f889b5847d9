using Yoi.Actors.Registry;

namespace Yoi.Actors.Tests.Registry;

public class PodNamesTests
{
    [Theory]
    [InlineData("coder")]
    [InlineData("coder-2.review_x")]
    [InlineData("日本語")]
    [InlineData("a.b")]
    // The runtime's validate_worker_name accepts these too: only "", ".", "..", '/' and NUL are refused.
    [InlineData("a..b")]
    [InlineData("...")]
    [InlineData("a\nb")]
    [InlineData("\u001b[31mred")]
    [InlineData("\u007f")]
    [InlineData("a\u0085")]
    public void Names_the_runtime_accepts_are_fine(string name) => Assert.Null(PodNames.Validate(name));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a/b", "'/' at index 1")]
    [InlineData("/", "'/'")]
    [InlineData("../../etc", "'/' at index 2")]
    [InlineData("..", "\"..\"")]
    [InlineData(".", "\".\"")]
    [InlineData("a\0b", "NUL character at index 1")]
    public void Unusable_names_get_a_specific_reason(string name, string expected)
    {
        Assert.Contains(expected, PodNames.Validate(name), StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_longer_than_a_file_name_may_be_is_rejected()
    {
        Assert.Null(PodNames.Validate(new string('a', 255)));
        Assert.Contains("255", PodNames.Validate(new string('é', 128)), StringComparison.Ordinal);
        Assert.Contains("256 characters", PodNames.Validate(new string('a', 256)), StringComparison.Ordinal);
        Assert.Contains("100000 characters", PodNames.Validate(new string('a', 100_000)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reason_never_quotes_the_name()
    {
        foreach (var name in new[] { "\u001b]0;x\u0007/", "\u001b[2J\0", new string('\u001b', 300) })
            Assert.DoesNotContain('\u001b', PodNames.Validate(name) ?? throw new InvalidOperationException("accepted"));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("日本語 ok", "日本語 ok")]
    [InlineData("a\nb\r\t", @"a\nb\r\t")]
    [InlineData("nul\0", @"nul\0")]
    [InlineData("back\\slash", @"back\\slash")]
    [InlineData("\u001b[2J", @"\u{1b}[2J")]
    [InlineData("bidi\u202eevil", @"bidi\u{202e}evil")]
    [InlineData("del\u007f c1\u0085", @"del\u{7f} c1\u{85}")]
    [InlineData("pair😀", "pair😀")]
    public void Escape_makes_one_printable_line(string text, string expected) => Assert.Equal(expected, PodNames.Escape(text));

    [Fact]
    public void Escape_shows_a_lone_surrogate_as_its_code()
    {
        // Not an InlineData: attribute strings cannot carry a lone surrogate.
        Assert.Equal(@"lone\u{d800}x", PodNames.Escape("lone\ud800x"));
        Assert.Equal(@"\u{dc00}", PodNames.Escape("\udc00"));
    }

    [Fact]
    public void Escape_cuts_long_text_and_says_how_much_is_left_out()
    {
        Assert.Equal("aaaa…(+99996 characters)", PodNames.Escape(new string('a', 100_000), 4));
        // Never between the halves of a surrogate pair.
        Assert.Equal("ab…(+3 characters)", PodNames.Escape("ab😀c", 3));
        Assert.Equal(new string('x', PodNames.DefaultShownChars) + "…(+1 characters)", PodNames.Escape(new string('x', PodNames.DefaultShownChars + 1)));
    }
}
