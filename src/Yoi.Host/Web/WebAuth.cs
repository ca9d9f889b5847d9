using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Yoi.Host.Web;

/// <summary>
/// The HTTP API's credentials, all derived from one random token kept in <c>&lt;runtime_dir&gt;/supervisor.token</c>
/// (mode 0600; reused across restarts, so a browser's cookie survives a daemon restart; delete the file to rotate):
/// the token itself (<c>Authorization: Bearer</c>); one-time login codes, which <c>yoi-supervisor dashboard</c> mints
/// from the token file without talking to the daemon (HMAC of a nonce and an expiry); and the session cookie a login
/// sets (HMAC of its issue time). Codes and cookies are checked in constant time. No ASP.NET type here: the
/// <c>dashboard</c> command uses it without loading the web stack.
/// </summary>
public sealed class WebAuth
{
    public const string TokenFileName = "supervisor.token";
    public const string UrlFileName = "supervisor.http";
    public const string CookieName = "yoi_session";

    /// <summary>How long a login code may wait to be used.</summary>
    public static readonly TimeSpan LoginCodeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long a session cookie lasts.</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(30);

    // Codes redeemed and not yet expired (a code is good once). Bounded by what can be minted: only a holder of the
    // token mints codes; past the bound new codes are refused rather than remembered.
    private const int MaxRedeemed = 10_000;

    private readonly byte[] _key;
    private readonly byte[] _tokenBytes;
    private readonly ConcurrentDictionary<string, long> _redeemed = new(StringComparer.Ordinal);

    public WebAuth(string token)
    {
        Token = token;
        _tokenBytes = Encoding.ASCII.GetBytes(token);
        _key = SHA256.HashData(_tokenBytes);
    }

    public string Token { get; }

    public bool IsToken(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), _tokenBytes);

    /// <summary>The token of <paramref name="runtimeDir"/>: the file's when it is a private regular file holding one, else a
    /// new one written there (0600). A symbolic link or anything not a regular file at that path is never touched.</summary>
    public static string LoadOrCreateToken(string runtimeDir)
    {
        var path = Path.Combine(runtimeDir, TokenFileName);
        var info = new FileInfo(path);
        if (info.Exists || info.LinkTarget is not null)
        {
            if (info.LinkTarget is not null || (info.Attributes & FileAttributes.Directory) != 0)
                throw new IOException($"{path} is not a regular file: not touching it; remove it to let the daemon write its token");
            if (File.GetUnixFileMode(path) == (UnixFileMode.UserRead | UnixFileMode.UserWrite) && info.Length < 256)
            {
                var existing = File.ReadAllText(path).Trim();
                if (IsWellFormedToken(existing))
                    return existing;
            }

            File.Delete(path);
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using (var stream = new FileStream(path, new FileStreamOptions
               {
                   Mode = FileMode.CreateNew,
                   Access = FileAccess.Write,
                   UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
               }))
        {
            stream.Write(Encoding.ASCII.GetBytes(token + "\n"));
        }

        return token;
    }

    /// <summary>The token a running daemon wrote, or null when there is none.</summary>
    public static string? ReadToken(string runtimeDir)
    {
        var path = Path.Combine(runtimeDir, TokenFileName);
        if (!File.Exists(path)) return null;
        var token = File.ReadAllText(path).Trim();
        return IsWellFormedToken(token) ? token : null;
    }

    private static bool IsWellFormedToken(string token) =>
        token.Length is >= 32 and <= 128 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    // ---------------- login codes ----------------

    /// <summary>A one-time login code, good for <see cref="LoginCodeLifetime"/>.</summary>
    public string MintLoginCode(DateTimeOffset now)
    {
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        var expires = (now + LoginCodeLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{nonce}.{expires}.{Mac("login", nonce, expires)}";
    }

    /// <summary>True once for a valid, unexpired code; false for anything else (a second use included).</summary>
    public bool RedeemLoginCode(string? code, DateTimeOffset now)
    {
        if (code is null || code.Split('.') is not [var nonce, var expires, var mac] || nonce.Length != 24)
            return false;
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var until) || until < now.ToUnixTimeSeconds())
            return false;
        if (until > (now + LoginCodeLifetime).ToUnixTimeSeconds() + 60)
            return false; // minted for longer than codes live
        if (!MacEquals(mac, Mac("login", nonce, expires)))
            return false;

        var nowSeconds = now.ToUnixTimeSeconds();
        foreach (var (used, usedUntil) in _redeemed)
        {
            if (usedUntil < nowSeconds) _redeemed.TryRemove(used, out _);
        }

        return _redeemed.Count < MaxRedeemed && _redeemed.TryAdd(nonce, until);
    }

    // ---------------- cookies ----------------

    public string IssueCookie(DateTimeOffset now)
    {
        var issued = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"v1.{issued}.{Mac("cookie", issued, "")}";
    }

    public bool IsValidCookie(string? value, DateTimeOffset now)
    {
        if (value is null || value.Split('.') is not ["v1", var issued, var mac])
            return false;
        if (!long.TryParse(issued, NumberStyles.None, CultureInfo.InvariantCulture, out var at))
            return false;
        var age = now.ToUnixTimeSeconds() - at;
        return age >= -60 && age <= (long)CookieLifetime.TotalSeconds && MacEquals(mac, Mac("cookie", issued, ""));
    }

    private string Mac(string purpose, string a, string b)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{purpose}|{a}|{b}"));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static bool MacEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), Encoding.ASCII.GetBytes(expected));
}
