using Microsoft.Playwright;

namespace Yoi.Host.Tests.Web;

/// <summary>Debian's Chromium (.ci/run installs the package; no browser download), headless, driven by Playwright.</summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            // Root in a container has no user namespace for Chromium's sandbox.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
}
