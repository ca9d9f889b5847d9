using Microsoft.Playwright;
using Yoi.Testing;

namespace Yoi.Host.Tests.Web;

/// <summary>The dashboard's logs view in a real browser (Debian's Chromium driven by Playwright, as
/// <see cref="DashboardBrowserTests"/>), against a real <c>run --http --config</c> daemon whose managed pod is a
/// tests/Yoi.TestPod process.</summary>
public sealed class ManagedDashboardBrowserTests : IAsyncLifetime
{

    private ManagedWebDaemon _web = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(HeadlessChromium.Path), $"{HeadlessChromium.Path} is missing: apt-get install -y chromium (.ci/run does)");
        _web = await ManagedWebDaemon.StartAsync(("alpha", ["--log-lines", "30"]));
        await _web.WaitRunningAsync("alpha");
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
    public async Task A_managed_pods_logs_show_on_the_page_and_follow_what_it_writes()
    {
        var log = Path.Combine(_web.LogDir, "alpha.out.log");
        await Eventually.Until(() => File.Exists(log) && File.ReadAllText(log).Contains("out 30 ", StringComparison.Ordinal), Cli.Ceiling, "alpha's 30 lines");
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 800 } });
        var page = await context.NewPageAsync();
        var login = await page.GotoAsync(await _web.LoginUrlAsync());
        Assert.Equal(200, login!.Status);
        await Expect(page.Locator("#conn")).ToHaveTextAsync("live");
        var row = page.Locator("#fleet tbody tr[data-pod='alpha']");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td.managed-col").First).ToContainTextAsync("running");

        // Click the managed pod: its stdout's last lines, then what it writes, followed.
        await row.ClickAsync();
        var logs = page.Locator("#logs");
        await Expect(page.Locator("#logs-section")).ToBeVisibleAsync();
        await Expect(logs).ToContainTextAsync("stdout of alpha");
        await Expect(logs).ToContainTextAsync("out 30 xxxx");
        await File.AppendAllTextAsync(log, "a line written while the page watches\n");
        await Expect(logs).ToContainTextAsync("a line written while the page watches");

        // Its stderr; then without follow, the last lines once.
        await page.SelectOptionAsync("#logs-stream", "stderr");
        await Expect(logs).ToContainTextAsync("stderr of alpha");
        await Expect(logs).ToContainTextAsync("err 30 xxxx");
        await Expect(logs).Not.ToContainTextAsync("out 30 xxxx");
        await page.UncheckAsync("#logs-follow");
        await Expect(logs).ToContainTextAsync("lines of stderr");
        await Expect(logs).ToContainTextAsync("err 1 xxxx");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ArtifactPath("dashboard-logs.png"), FullPage = true });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

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
