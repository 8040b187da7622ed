using System.IO.Compression;
using Scraper.Crawling;
using Scraper.Http;
using Scraper.Tests.TestSites;

namespace Scraper.Tests.Http;

/// <summary>Memory bounded by design: each body holds at most its limit plus a chunk, and a budget caps them all.</summary>
public sealed class BodyBudgetTests
{
    private const int MiB = 1024 * 1024;

    // 8 MiB of zeros: about 8 KB on the wire. The size limit must apply to what it decompresses to.
    private static readonly byte[] Bomb = Gzip(new byte[8 * MiB]);

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static RawHttpServer BombServer() => RawHttpServer.Start(async (_, stream) =>
    {
        await RawHttpServer.WriteAsync(stream, $"200 OK\nContent-Encoding: gzip\nContent-Length: {Bomb.Length}", Bomb);
        return true;
    });

    /// <summary>A body of <paramref name="size"/> bytes without a Content-Length: it ends when the connection closes.</summary>
    private static RawHttpServer UnknownLengthServer(int size) => RawHttpServer.Start(async (_, stream) =>
    {
        await RawHttpServer.WriteAsync(stream, "200 OK\nConnection: close", new byte[size]);
        return false;
    });

    private static Session NewSession(BodyBudget budget, long maxResponseSize)
    {
        var options = new SessionOptions { BodyBudget = budget, MaxResponseSize = maxResponseSize };
        options.Retry.MaxRetries = 0;
        return new Session(options);
    }

    [Fact]
    public async Task Budget_EightConcurrentGzipBombsHoldAtMostTheBudgetAndAllStopAtTheLimit()
    {
        var budget = new BodyBudget(2 * MiB);
        await using var server = BombServer();
        await using var session = NewSession(budget, maxResponseSize: MiB);

        var bombs = Enumerable.Range(0, 8).Select(i => session.GetAsync(server.At($"/bomb{i}").AbsoluteUri)).ToArray();

        foreach (var bomb in bombs)
        {
            var error = await Assert.ThrowsAsync<ResponseTooLargeException>(() => bomb.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(MiB, error.Limit);
        }

        // Eight bodies of a limit each would need 8 MiB; they took turns within 2 MiB.
        Assert.InRange(budget.PeakHeldBytes, MiB, budget.MaxBytes);
        Assert.Equal(0, budget.HeldBytes);
        Assert.Equal(0, budget.WaitingCount);
    }

    [Fact]
    public async Task Budget_OneBodyHoldsAtMostItsLimitPlusOneChunk()
    {
        var budget = new BodyBudget(64 * MiB);
        await using var server = BombServer();
        await using var session = NewSession(budget, maxResponseSize: MiB);

        await Assert.ThrowsAsync<ResponseTooLargeException>(() => session.GetAsync(server.At("/bomb").AbsoluteUri));

        Assert.InRange(budget.PeakHeldBytes, MiB, MiB + BodyBudget.ChunkSize);
    }

    [Fact]
    public async Task Budget_ABodyLargerThanTheWholeBudgetIsReadAloneWithoutDeadlock()
    {
        var budget = new BodyBudget(256 * 1024);
        await using var server = UnknownLengthServer(MiB);
        await using var session = NewSession(budget, maxResponseSize: 4 * MiB);

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => session.GetAsync(server.At($"/big{i}").AbsoluteUri)))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(responses, response => Assert.Equal(MiB, response.Body.Length));
        Assert.True(budget.PeakHeldBytes <= budget.MaxBytes);
        Assert.Equal(0, budget.HeldBytes);
    }

    [Fact]
    public async Task Budget_AStandaloneSessionReleasesABodyWhenItReturnsIt()
    {
        var budget = new BodyBudget(64 * MiB);
        await using var server = UnknownLengthServer(300_000);
        await using var session = NewSession(budget, maxResponseSize: MiB);

        var response = await session.GetAsync(server.At("/page").AbsoluteUri);

        Assert.Equal(300_000, response.Body.Length);
        Assert.InRange(budget.PeakHeldBytes, 300_000, 300_000 + BodyBudget.ChunkSize);
        Assert.Equal(0, budget.HeldBytes);
    }

    [Fact]
    public async Task Budget_AHeldBodyKeepsItsBytesUntilReleased()
    {
        var budget = new BodyBudget(64 * MiB);
        await using var server = RawHttpServer.Start(async (_, stream) =>
        {
            await RawHttpServer.WriteAsync(stream, "200 OK\nContent-Length: 5000", new byte[5000]);
            return true;
        });
        await using var session = NewSession(budget, maxResponseSize: MiB);

        var response = await session.SendAsync(new SessionRequest(HttpMethod.Get, server.At("/page")) { Retry = false, HoldBodyReservation = true });

        Assert.Equal(5000, budget.HeldBytes);
        response.ReleaseBody();
        response.ReleaseBody();
        Assert.Equal(0, budget.HeldBytes);
    }

    [Fact]
    public async Task Budget_BodiesThatWouldWaitForEachOtherAreNotBothLetIn()
    {
        // Both may need 1,000. Granting b its 400 would leave 200 free while each still needs 600: a deadlock.
        var budget = new BodyBudget(1000);
        using var a = budget.Open(1000);
        using var b = budget.Open(1000);
        await a.ReserveAsync(400, CancellationToken.None);

        var bWaits = b.ReserveAsync(400, CancellationToken.None).AsTask();
        var aGoesOn = a.ReserveAsync(600, CancellationToken.None).AsTask();

        Assert.False(bWaits.IsCompleted);
        Assert.True(aGoesOn.IsCompletedSuccessfully);
        a.Settle(900);
        Assert.False(bWaits.IsCompleted);
        a.Dispose();
        await bWaits.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(400, budget.HeldBytes);
    }

    [Fact]
    public async Task Budget_AWaitIsCancelledWithItsRequest()
    {
        var budget = new BodyBudget(100);
        using var a = budget.Open(100);
        using var b = budget.Open(100);
        await a.ReserveAsync(100, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = b.ReserveAsync(50, cancel.Token).AsTask();
        Assert.Equal(1, budget.WaitingCount);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, budget.WaitingCount);
        a.Dispose();
        Assert.Equal(0, budget.HeldBytes);
    }

    [Fact]
    public void Budget_CrawlSettingIsValidatedNamingItsKey()
    {
        var options = new CrawlOptions { MaxBufferedBytes = 0 };

        var error = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Contains("Scraper:MaxBufferedBytes", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BodyBudget(0));
    }
}
