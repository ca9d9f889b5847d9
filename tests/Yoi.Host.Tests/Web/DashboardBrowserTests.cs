using System.Diagnostics;
using Microsoft.Playwright;
using Yoi.Simulation;
using Yoi.Testing;

namespace Yoi.Host.Tests.Web;

/// <summary>The dashboard in a real browser: Debian's Chromium (<c>/usr/bin/chromium</c>, installed by <c>.ci/run</c>)
/// driven by Playwright, against a real <c>run --http</c> daemon supervising a simulated fleet.</summary>
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private const int PeriodMs = 1000;

    private WebDaemon _web = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(HeadlessChromium.Path), $"{HeadlessChromium.Path} is missing: apt-get install -y chromium (.ci/run does)");
        _web = await WebDaemon.StartAsync(
        [
            new PodSpec("alpha", PodMode.Normal),
            new PodSpec("beta", PodMode.Normal),
            new PodSpec("gamma", PodMode.Normal),
            new PodSpec("quiet", PodMode.Silent),
            new PodSpec("nobody", PodMode.Refused),
        ], PeriodMs, fixedPort: true);
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_web is not null) await _web.DisposeAsync();
    }

    [Fact]
    public async Task Without_the_login_the_page_is_refused()
    {
        var page = await _browser.NewPageAsync();
        var response = await page.GotoAsync(_web.Url.ToString());
        Assert.Equal(401, response!.Status);
        Assert.Contains("yoi-supervisor dashboard", await page.InnerTextAsync("#login-needed"));
        Assert.Equal(0, await page.Locator("#fleet").CountAsync());

        // A code that was not minted from this daemon's token does not log in.
        var forged = await page.GotoAsync(new Uri(_web.Url, "login?code=000000000000000000000000.9999999999.AAAA").ToString());
        Assert.Equal(401, forged!.Status);
    }

    [Fact]
    public async Task The_live_page_shows_the_fleet_reacts_sends_and_survives_a_restart()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 800 } });
        var page = await context.NewPageAsync();
        var login = await page.GotoAsync(await _web.LoginUrlAsync());
        Assert.Equal(200, login!.Status);
        Assert.Equal(_web.Url.ToString(), page.Url);

        // The simulated fleet, live.
        await Expect(page.Locator("#conn")).ToHaveTextAsync("live");
        foreach (var name in new[] { "alpha", "beta", "gamma", "quiet", "nobody" })
            await Expect(Row(page, name)).ToHaveCountAsync(1);
        await Expect(Row(page, "alpha")).ToHaveAttributeAsync("data-outcome", "ok");
        await Expect(Row(page, "quiet")).ToHaveAttributeAsync("data-outcome", "no-status");
        await Expect(Row(page, "nobody")).ToHaveAttributeAsync("data-outcome", "refused");
        await Expect(Row(page, "alpha").Locator("svg.spark polyline")).ToHaveCountAsync(1);
        var okColour = await Row(page, "alpha").Locator(".outcome").EvaluateAsync<string>("e => getComputedStyle(e).color");

        // A pod killed turns to its failure colour within two periods.
        await Expect(Row(page, "gamma")).ToHaveAttributeAsync("data-outcome", "ok");
        var clock = Stopwatch.StartNew();
        await _web.Fleet["gamma"].DisposeAsync();
        await Expect(Row(page, "gamma")).Not.ToHaveAttributeAsync("data-outcome", "ok", new() { Timeout = 3 * PeriodMs + 30_000 });
        var turned = clock.Elapsed;
        var failColour = await Row(page, "gamma").Locator(".outcome").EvaluateAsync<string>("e => getComputedStyle(e).color");
        Assert.Equal("rgb(207, 34, 46)", failColour);
        Assert.NotEqual(okColour, failColour);
        Assert.True(turned <= TimeSpan.FromMilliseconds(2 * PeriodMs + 1500), $"turned red after {turned.TotalMilliseconds:0} ms (period {PeriodMs} ms)");

        // Click a pod: its events, and a cancel from the send box reaches it.
        await Row(page, "alpha").ClickAsync();
        await Expect(page.Locator("#events")).ToContainTextAsync("attached to alpha");
        await Expect(page.Locator("#events")).ToContainTextAsync("snapshot");
        await page.ClickAsync("button.quick[data-method=cancel]");
        await Expect(page.Locator("#send-result")).ToHaveTextAsync("sent cancel");
        await Eventually.Until(() => _web.Fleet["alpha"].ReceivedMethods.Any(m => m.Contains("\"cancel\"", StringComparison.Ordinal)),
            Cli.Ceiling, "alpha receives the page's cancel");

        // The send box refuses what --raw refuses, before and at the daemon.
        await page.FillAsync("#send-body", "{\"method\":");
        await page.ClickAsync("#send-button");
        await Expect(page.Locator("#send-result")).ToContainTextAsync("not JSON");
        await page.FillAsync("#send-body", "{\"method\":\"no_such_method\"}");
        await page.ClickAsync("#send-button");
        await Expect(page.Locator("#send-result")).ToContainTextAsync("invalid_request: not a valid method");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ArtifactPath("dashboard.png"), FullPage = true });

        // The daemon restarts: the page notices, reconnects by itself and re-authenticates from its cookie.
        await _web.StopDaemonAsync();
        await Expect(page.Locator("#conn")).Not.ToHaveTextAsync("live");
        await _web.RestartDaemonAsync();
        await Expect(page.Locator("#conn")).ToHaveTextAsync("live", new() { Timeout = 60_000 });
        await Expect(page.Locator("#summary")).ToContainTextAsync($"pid {_web.Daemon.Pid}", new() { Timeout = 60_000 });
        await Expect(Row(page, "alpha")).ToHaveAttributeAsync("data-outcome", "ok");
        await Expect(page.Locator("#events")).ToContainTextAsync("attached to alpha");
    }

    private static ILocator Row(IPage page, string pod) => page.Locator($"#fleet tbody tr[data-pod='{pod}']");

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary><c>artifacts/</c> of the repository (found from the test's output directory).</summary>
    private static string ArtifactPath(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Yoi.sln")))
            dir = dir.Parent;
        var artifacts = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        return Path.Combine(artifacts, file);
    }
}
