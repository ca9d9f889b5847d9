using System.Net;
using System.Text;
using Yoi.Actors.Managed;
using Yoi.Host.Control.Wire;
using Yoi.Host.Web;
using Yoi.Testing;
using ManagedMessages = Yoi.Actors.Managed.Managed;

namespace Yoi.Host.Tests.Web;

/// <summary>The HTTP listener's pure rules: where it may listen, its credentials, the control lines it passes on, the
/// managed verbs' answers.</summary>
public sealed class WebRulesTests
{
    [Theory]
    [InlineData("8787", "127.0.0.1", 8787, true)]
    [InlineData("localhost:0", "127.0.0.1", 0, true)]
    [InlineData("127.0.0.2:9000", "127.0.0.2", 9000, true)]
    [InlineData("[::1]:8787", "::1", 8787, true)]
    [InlineData("0.0.0.0:8787", "0.0.0.0", 8787, false)]
    [InlineData("[::]:8787", "::", 8787, false)]
    [InlineData("192.168.1.10:80", "192.168.1.10", 80, false)]
    public void Listen_addresses_parse_and_only_loopback_may_be_plain(string text, string address, int port, bool loopback)
    {
        var parsed = HttpListenAddress.Parse(text);
        Assert.Equal(IPAddress.Parse(address), parsed.Address);
        Assert.Equal(port, parsed.Port);
        Assert.Equal(loopback, parsed.IsLoopback);
        Assert.Equal(loopback, parsed.Refusal(hasCertificate: false) is null);
        Assert.Null(parsed.Refusal(hasCertificate: true));
    }

    [Theory]
    [InlineData("")]
    [InlineData("http")]
    [InlineData("65536")]
    [InlineData("example.com:80")]
    [InlineData("::1:80")]
    [InlineData("[::1]80")]
    public void Bad_listen_addresses_are_usage_errors(string text)
    {
        var e = Assert.Throws<CliException>(() => HttpListenAddress.Parse(text));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }

    [Fact]
    public async Task Run_refuses_plain_http_on_a_network_interface()
    {
        using var dir = new TempRuntimeDir();
        var result = await Cli.RunAsync("run", "--runtime-dir", dir.Path, "--http", "0.0.0.0:8787");
        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("refusing to serve plain HTTP on 0.0.0.0:8787", result.Stderr);
        Assert.False(File.Exists(Path.Combine(dir.Path, "supervisor.sock")), "nothing was bound");
    }

    [Fact]
    public void A_login_code_is_good_once_and_only_with_its_token()
    {
        var auth = new WebAuth(new string('a', 43));
        var now = DateTimeOffset.UtcNow;
        var code = auth.MintLoginCode(now);
        Assert.False(new WebAuth(new string('b', 43)).RedeemLoginCode(code, now));
        Assert.False(auth.RedeemLoginCode(code.Remove(code.Length - 2) + "xx", now));
        Assert.False(auth.RedeemLoginCode(code, now + WebAuth.LoginCodeLifetime + TimeSpan.FromSeconds(5)));
        Assert.True(auth.RedeemLoginCode(code, now));
        Assert.False(auth.RedeemLoginCode(code, now));
        Assert.False(auth.RedeemLoginCode("garbage", now));
        Assert.False(auth.RedeemLoginCode(null, now));
    }

    [Fact]
    public void A_cookie_is_valid_for_its_lifetime_and_under_its_token_only()
    {
        var auth = new WebAuth(new string('a', 43));
        var now = DateTimeOffset.UtcNow;
        var cookie = auth.IssueCookie(now);
        Assert.True(auth.IsValidCookie(cookie, now + TimeSpan.FromDays(1)));
        Assert.True(new WebAuth(new string('a', 43)).IsValidCookie(cookie, now), "the same token after a restart");
        Assert.False(new WebAuth(new string('b', 43)).IsValidCookie(cookie, now));
        Assert.False(auth.IsValidCookie(cookie, now + WebAuth.CookieLifetime + TimeSpan.FromMinutes(1)));
        Assert.False(auth.IsValidCookie(cookie.Replace("v1.", "v1.1", StringComparison.Ordinal), now));
        Assert.True(auth.IsToken(new string('a', 43)));
        Assert.False(auth.IsToken(new string('a', 42)));
    }

    [Fact]
    public void The_token_file_is_private_reused_and_never_followed_through_a_link()
    {
        using var dir = new TempRuntimeDir();
        var token = WebAuth.LoadOrCreateToken(dir.Path);
        var path = Path.Combine(dir.Path, WebAuth.TokenFileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(token, WebAuth.LoadOrCreateToken(dir.Path));
        Assert.Equal(token, WebAuth.ReadToken(dir.Path));

        // Readable by others: not trusted, replaced by a new private one.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var replaced = WebAuth.LoadOrCreateToken(dir.Path);
        Assert.NotEqual(token, replaced);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        File.Delete(path);
        var target = Path.Combine(dir.Path, "elsewhere");
        File.WriteAllText(target, "precious");
        File.CreateSymbolicLink(path, target);
        Assert.Throws<IOException>(() => WebAuth.LoadOrCreateToken(dir.Path));
        Assert.Equal("precious", File.ReadAllText(target));
    }

    [Fact]
    public void Control_lines_split_into_their_event_and_data()
    {
        var lines = ControlCodec.EncodeEvent(new AttachedEvent("alpha")) + "\n"
                    + ControlCodec.EncodeEvent(new ErrorReply(ControlNames.UnknownPod, "unknown pod \"x\"\n")) + "\n"
                    + ControlCodec.EncodeEvent(new PodLineEvent("alpha", "alert", "{\"event\":\"alert\",\"data\":{}}")) + "\n";
        var parsed = ControlLine.Split(Encoding.UTF8.GetBytes(lines)).ToList();
        Assert.Equal(["attached", "error", "pod_event"], parsed.Select(l => l.Event));
        Assert.Equal("{\"pod\":\"alpha\"}", parsed[0].DataText);
        Assert.Equal("{\"code\":\"unknown_pod\",\"message\":\"unknown pod \\\"x\\\"\\n\"}", parsed[1].DataText);
        Assert.Contains("\"line\":\"{\\\"event\\\":\\\"alert\\\"", parsed[2].DataText);
        Assert.Throws<FormatException>(() => ControlLine.Parse(Encoding.UTF8.GetBytes("{\"id\":1}")));
    }

    [Fact]
    public void Managed_answers_map_to_a_status_or_a_problem()
    {
        var status = new ManagedPodStatus("alpha", ManagedState.Starting, 4242, 2, DateTimeOffset.UnixEpoch, null, null, "requested");
        var (code, body) = ManagedReplies.Render(new ManagedMessages.Done("alpha", status));
        Assert.Equal(200, code);
        Assert.Equal("{\"name\":\"alpha\",\"state\":\"starting\",\"pid\":4242,\"restarts\":2,\"started_at\":\"1970-01-01T00:00:00.0000000+00:00\",\"reason\":\"requested\",\"adopted\":false}",
            Encoding.UTF8.GetString(body));

        var refused = new ManagedMessages.Refused("alpha", "alpha is stopping");
        Assert.Equal(409, ManagedReplies.Render(refused).Status);
        Assert.Equal("refused", ManagedReplies.CodeOf(refused));
        Assert.Equal("alpha: alpha is stopping", ManagedReplies.DetailOf(refused));
        Assert.Equal(404, ManagedReplies.Render(new Yoi.Actors.Supervision.Fleet.UnknownPod("x", "no pod")).Status);
    }
}
