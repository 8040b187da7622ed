using System.Text;
using Scraper.Http;

namespace Scraper.Tests.Http;

/// <summary>
/// C11: cookie values are octets. A raw socket server sends Set-Cookie bytes that are not UTF-8 (and some that
/// are), and the test reads the next request's Cookie header byte for byte, also after a save and a load.
/// </summary>
public sealed class SessionCookieOctetTests : IDisposable
{
    // Latin-1 strings: each char is the byte of that value, so the octets are exact. 0xFC alone is not UTF-8;
    // C3 A9 is "é" in UTF-8; C3 28, FF and a truncated E2 82 are invalid UTF-8 of three kinds.
    private static readonly byte[] SetCookies = Encoding.Latin1.GetBytes(
        "Set-Cookie: latin=\u00fc; Path=/\r\n" +
        "Set-Cookie: utf8=caf\u00c3\u00a9; Path=/\r\n" +
        "Set-Cookie: broken=\u00c3(\u00ff\u00e2\u0082x; Path=/\r\n");

    private readonly string _folder = Directory.CreateTempSubdirectory("scraper-c11-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static RecordingRawServer NewServer() => new(path => path == "/set"
        ? Concat("HTTP/1.1 200 OK\r\nConnection: close\r\n"u8.ToArray(), SetCookies, "Content-Length: 2\r\n\r\nok"u8.ToArray())
        : RecordingRawServer.Ok());

    private static byte[] CookieLine(RecordingRawServer server, string path)
    {
        var raw = server.Requests.First(r => Encoding.Latin1.GetString(r).StartsWith($"GET {path} ", StringComparison.Ordinal));
        var start = raw.AsSpan().IndexOf("\r\nCookie: "u8) + 2;
        var length = raw.AsSpan(start).IndexOf("\r\n"u8);
        return raw.AsSpan(start, length).ToArray();
    }

    private static readonly byte[] ExpectedCookieLine = Encoding.Latin1.GetBytes("Cookie: latin=\u00fc; utf8=caf\u00c3\u00a9; broken=\u00c3(\u00ff\u00e2\u0082x");

    [Fact]
    public async Task Cookies_C11_ValuesThatAreNotUtf8ComeBackByteForByte()
    {
        await using var server = NewServer();
        await using var session = new Session();

        await session.GetAsync(server.At("/set").AbsoluteUri);
        await session.GetAsync(server.At("/next").AbsoluteUri);

        Assert.Equal(ExpectedCookieLine, CookieLine(server, "/next"));
    }

    [Fact]
    public async Task Cookies_C11_Utf8ValueReadsAsTextAndOtherBytesAsEscapes()
    {
        await using var server = NewServer();
        await using var session = new Session();

        await session.GetAsync(server.At("/set").AbsoluteUri);

        var cookies = session.Cookies.GetAllCookies().ToDictionary(c => c.Name, c => c.Value);
        Assert.Equal("caf\u00e9", cookies["utf8"]);
        Assert.Equal("\uDCFC", cookies["latin"]);
        Assert.Equal("\uDCC3(\uDCFF\uDCE2\uDC82x", cookies["broken"]);
    }

    [Fact]
    public async Task Cookies_C11_OctetsSurviveTheCookieFile()
    {
        var file = Path.Combine(_folder, "cookies.json");
        await using var server = NewServer();
        await using (var first = new Session())
        {
            await first.GetAsync(server.At("/set").AbsoluteUri);
            await first.SaveCookiesAsync(file);
        }

        await using var second = new Session();
        await second.LoadCookiesAsync(file);
        await second.GetAsync(server.At("/after-load").AbsoluteUri);

        Assert.Equal(ExpectedCookieLine, CookieLine(server, "/after-load"));
        var json = await File.ReadAllTextAsync(file);
        Assert.Contains("\"caf\\u00E9\"", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"octets\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookies_C11_CallerSetNonAsciiValueIsSentAsUtf8()
    {
        await using var server = NewServer();
        await using var session = new Session();
        session.Cookies.Set("name", "Jos\u00e9 \u20ac", "127.0.0.1");

        await session.GetAsync(server.At("/caller").AbsoluteUri);

        Assert.Equal(Encoding.UTF8.GetBytes("Cookie: name=Jos\u00e9 \u20ac"), CookieLine(server, "/caller"));
    }
}
