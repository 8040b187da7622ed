using System.IO.Compression;
using Scraper.Http;
using Scraper.Tests.TestSites;

namespace Scraper.Tests.Http;

/// <summary>Bodies that cannot be read whole (N8) give a typed error naming the URL and the encoding; the session goes on.</summary>
public sealed class SessionBodyTests
{
    private static byte[] Compress(string encoding, byte[] data)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
        })
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A valid header with garbage after it: what a broken cache or a bit flip serves.</summary>
    private static byte[] Corrupt(string encoding)
    {
        var valid = Compress(encoding, System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<p>page</p>", 2_000))));
        var bytes = valid.ToArray();
        var from = encoding == "gzip" ? 10 : encoding == "deflate" ? 2 : 0;
        for (var i = from; i < Math.Min(bytes.Length, from + 64); i++)
        {
            bytes[i] = (byte)(i * 37 + 11);
        }

        return bytes;
    }

    private static Session NewSession(int retries = 0)
    {
        var options = new SessionOptions();
        options.Retry.MaxRetries = retries;
        options.Retry.BaseDelay = TimeSpan.Zero;
        options.Retry.UseJitter = false;
        return new Session(options);
    }

    private static async Task AssertStillUsable(Session session, RawHttpServer server) =>
        Assert.Equal("ok", (await session.GetAsync(server.At("/ok").AbsoluteUri)).Text);

    private static Task<bool> Route(string path, Stream stream, Func<Stream, Task<bool>> fault) =>
        path == "/ok" ? RawHttpServer.OkAsync(stream) : fault(stream);

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task ContentDecoding_N8_CorruptCompressedBodyThrowsTypedErrorAndTheSessionGoesOn(string encoding)
    {
        var body = Corrupt(encoding);
        await using var server = RawHttpServer.Start((path, stream) => Route(path, stream, async s =>
        {
            await RawHttpServer.WriteAsync(s, $"200 OK\nContent-Encoding: {encoding}\nContent-Length: {body.Length}", body);
            return true;
        }));
        await using var session = NewSession(retries: 2);
        var url = server.At("/page");

        var error = await Assert.ThrowsAsync<ContentDecodingException>(() => session.GetAsync(url.AbsoluteUri));

        Assert.Equal(url, error.Url);
        Assert.Equal(encoding, error.Encoding);
        Assert.Equal(ContentDecodingFailure.Corrupt, error.Reason);
        Assert.False(error.IsTransient);
        Assert.Contains(url.AbsoluteUri, error.Message, StringComparison.Ordinal);
        Assert.Contains(encoding, error.Message, StringComparison.Ordinal);
        // Corrupt data comes back the same every time: not retried.
        Assert.Equal(1, server.Requests);
        await AssertStillUsable(session, server);
    }

    [Fact]
    public async Task ContentDecoding_N8_BodyShorterThanItsContentLengthIsTruncatedIdentity()
    {
        await using var server = RawHttpServer.Start((path, stream) => Route(path, stream, async s =>
        {
            await RawHttpServer.WriteAsync(s, "200 OK\nContent-Length: 1000", new byte[10]);
            return false;
        }));
        await using var session = NewSession();
        var url = server.At("/short");

        var error = await Assert.ThrowsAsync<ContentDecodingException>(() => session.GetAsync(url.AbsoluteUri));

        Assert.Equal(url, error.Url);
        Assert.Equal(ContentDecodingException.Identity, error.Encoding);
        Assert.Equal(ContentDecodingFailure.Truncated, error.Reason);
        Assert.True(error.IsTransient);
        Assert.Contains("ended before its declared length", error.Message, StringComparison.Ordinal);
        await AssertStillUsable(session, server);
    }

    [Fact]
    public async Task ContentDecoding_N8_TruncatedGzipBodyNamesGzip()
    {
        var body = Compress("gzip", new byte[100_000]);
        await using var server = RawHttpServer.Start((path, stream) => Route(path, stream, async s =>
        {
            await RawHttpServer.WriteAsync(s, $"200 OK\nContent-Encoding: gzip\nContent-Length: {body.Length}", body[..(body.Length / 2)]);
            return false;
        }));
        await using var session = NewSession();

        var error = await Assert.ThrowsAsync<ContentDecodingException>(() => session.GetAsync(server.At("/short.gz").AbsoluteUri));

        Assert.Equal("gzip", error.Encoding);
        Assert.Equal(ContentDecodingFailure.Truncated, error.Reason);
        await AssertStillUsable(session, server);
    }

    [Fact]
    public async Task ContentDecoding_N8_TruncatedChunkedBodyIsTruncated()
    {
        await using var server = RawHttpServer.Start((path, stream) => Route(path, stream, async s =>
        {
            // A chunk of 0x100 bytes announced, 5 sent, then the connection closes: no last chunk.
            await RawHttpServer.WriteAsync(s, "200 OK\nTransfer-Encoding: chunked", "100\r\nhello"u8.ToArray());
            return false;
        }));
        await using var session = NewSession();

        var error = await Assert.ThrowsAsync<ContentDecodingException>(() => session.GetAsync(server.At("/chunked").AbsoluteUri));

        Assert.Equal(ContentDecodingFailure.Truncated, error.Reason);
        await AssertStillUsable(session, server);
    }

    [Fact]
    public async Task ContentDecoding_N8_TruncatedBodyIsRetriedByTheSession()
    {
        var attempts = 0;
        await using var server = RawHttpServer.Start(async (_, stream) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await RawHttpServer.WriteAsync(stream, "200 OK\nContent-Length: 1000", new byte[10]);
                return false;
            }

            return await RawHttpServer.OkAsync(stream);
        });
        await using var session = NewSession(retries: 1);

        var response = await session.GetAsync(server.At("/flaky").AbsoluteUri);

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task ContentDecoding_N8_HeadWithAContentLengthIsNotTruncatedNorTooLarge()
    {
        await using var server = RawHttpServer.Start(async (_, stream) =>
        {
            await RawHttpServer.WriteAsync(stream, "200 OK\nContent-Length: 500000000");
            return true;
        });
        await using var session = NewSession();

        var response = await session.SendAsync(new SessionRequest(HttpMethod.Head, server.At("/big.iso")));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, response.Body.Length);
        Assert.Equal(500_000_000, response.ContentHeaders.ContentLength);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 4)]
    public async Task Attempts_ServerClosingWithoutAnswer_GetsOneRequestPerAttempt(int retries, int expected)
    {
        // SocketsHttpHandler alone resends such a request three times (four requests per attempt).
        await using var server = RawHttpServer.Start((_, _) => Task.FromResult(false));
        await using var session = NewSession(retries);

        var error = await Assert.ThrowsAsync<SessionConnectionException>(() => session.GetAsync(server.At("/silent").AbsoluteUri));

        Assert.Equal(ConnectionFailure.ConnectionReset, error.Failure);
        Assert.Equal(expected, server.Requests);
        Assert.Equal(expected, server.Connections);
    }

    [Fact]
    public async Task Attempts_KeptAliveConnections_AreStillReusedThroughTheGuard()
    {
        await using var server = RawHttpServer.Start((_, stream) => RawHttpServer.OkAsync(stream));
        await using var session = NewSession();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("ok", (await session.GetAsync(server.At("/ok").AbsoluteUri)).Text);
        }

        Assert.Equal(5, server.Requests);
        Assert.Equal(1, server.Connections);
    }
}
