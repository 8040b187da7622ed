using System.Reflection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace Scraper.Playwright.Tests;

/// <summary>
/// The bounds on calls to a browser that may be dead, without a browser: Playwright's driver leaves a new page whose
/// browser died while it opened unanswered for ever (the hang after a browser kill), so every call must end when the
/// browser disconnects, and every close within its timeout, whatever the driver does.
/// </summary>
public sealed class LiveBrowserTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task CallAsync_BrowserDisconnectsWhileTheCallWaits_FailsAtOnce()
    {
        var (browser, fake) = NewBrowser();
        var neverAnswered = new TaskCompletionSource<IPage>();

        var call = browser.CallAsync(neverAnswered.Task, Bound, new FakeTimeProvider(), CancellationToken.None);
        Assert.False(call.IsCompleted);
        fake.Disconnect();

        await Assert.ThrowsAsync<BrowserDisconnectedException>(() => call);
        Assert.False(browser.IsConnected);
    }

    [Fact]
    public async Task CallAsync_NeverAnswered_TimesOutAtTheBound()
    {
        var (browser, _) = NewBrowser();
        var time = new FakeTimeProvider();

        var call = browser.CallAsync(new TaskCompletionSource<IPage>().Task, Bound, time, CancellationToken.None);
        time.Advance(Bound - TimeSpan.FromMilliseconds(1));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        await Assert.ThrowsAsync<TimeoutException>(() => call);
    }

    [Fact]
    public async Task CallAsync_BrowserAlreadyGone_FailsWithoutWaiting()
    {
        var (browser, fake) = NewBrowser();
        fake.Disconnect();

        await Assert.ThrowsAsync<BrowserDisconnectedException>(() => browser.CallAsync(new TaskCompletionSource<IPage>().Task, Bound, new FakeTimeProvider(), CancellationToken.None));
    }

    [Fact]
    public async Task CallAsync_Answered_ReturnsTheAnswerAndPassesItsFailureOn()
    {
        var (browser, _) = NewBrowser();

        Assert.Equal(42, await browser.CallAsync(Task.FromResult(42), Bound, new FakeTimeProvider(), CancellationToken.None));
        var error = await Assert.ThrowsAsync<PlaywrightException>(() => browser.CallAsync(Task.FromException(new PlaywrightException("Target page, context or browser has been closed")), Bound, new FakeTimeProvider(), CancellationToken.None));
        Assert.IsNotType<BrowserDisconnectedException>(error);
    }

    [Fact]
    public void LiveBrowser_DisconnectedBeforeItWasWatched_IsGone()
    {
        var fake = DispatchProxy.Create<IBrowser, FakeBrowser>();
        ((FakeBrowser)(object)fake).Connected = false;

        var browser = new LiveBrowser(fake, new AbandonedCalls());

        Assert.True(browser.Gone.IsCompleted);
        Assert.False(browser.IsConnected);
    }

    [Fact]
    public async Task SettleAsync_CloseNeverAnswered_GivesUpAtTheCloseTimeout()
    {
        var (browser, _) = NewBrowser();
        var time = new FakeTimeProvider();

        var close = browser.SettleAsync(new TaskCompletionSource().Task, Bound, time);
        Assert.False(close.IsCompleted);
        time.Advance(Bound);

        Assert.False(await close);
    }

    [Fact]
    public async Task CloseAsync_BrowserNeverAnswersTheClose_GivesUpAtTheCloseTimeout()
    {
        var (browser, fake) = NewBrowser();
        var time = new FakeTimeProvider();

        var close = browser.CloseAsync(Bound, time);
        Assert.Equal(1, fake.Closes);
        Assert.False(close.IsCompleted);
        time.Advance(Bound);

        Assert.False(await close);
    }

    [Fact]
    public async Task CloseAsync_FoundLostButStillConnected_StillClosesIt()
    {
        var (browser, fake) = NewBrowser();
        fake.CloseAnswer = Task.CompletedTask;
        browser.MarkLost();

        Assert.True(await browser.CloseAsync(Bound, new FakeTimeProvider()));
        Assert.Equal(1, fake.Closes);
    }

    [Fact]
    public async Task CloseAsync_AlreadyDisconnected_DoesNotAskTheDeadBrowser()
    {
        var (browser, fake) = NewBrowser();
        fake.Disconnect();

        Assert.True(await browser.CloseAsync(Bound, new FakeTimeProvider()));
        Assert.Equal(0, fake.Closes);
    }

    [Fact]
    public async Task SettleAsync_BrowserDiesDuringTheClose_EndsAtOnceAsDone()
    {
        var (browser, fake) = NewBrowser();

        var close = browser.SettleAsync(new TaskCompletionSource().Task, Bound, new FakeTimeProvider());
        fake.Disconnect();

        Assert.True(await close);
    }

    [Fact]
    public async Task SettleAsync_CloseFails_SwallowsTheExpectedFailure()
    {
        var (browser, _) = NewBrowser();

        Assert.True(await browser.SettleAsync(Task.FromException(new PlaywrightException("Target closed")), Bound, new FakeTimeProvider()));
    }

    [Fact]
    public async Task MarkLost_BrowserStillConnected_FailsTheCallsWaitingOnIt()
    {
        var (browser, _) = NewBrowser();
        var call = browser.CallAsync(new TaskCompletionSource<IPage>().Task, Bound, new FakeTimeProvider(), CancellationToken.None);
        Assert.False(call.IsCompleted);

        browser.MarkLost();

        await Assert.ThrowsAsync<BrowserDisconnectedException>(() => call);
        Assert.False(browser.IsConnected);
    }

    [Fact]
    public async Task DrainAsync_AbandonedCallsFailLater_AwaitedWithoutRethrowing()
    {
        var abandoned = new AbandonedCalls();
        var fake = DispatchProxy.Create<IBrowser, FakeBrowser>();
        var browser = new LiveBrowser(fake, abandoned);
        var pending = new TaskCompletionSource<IPage>();
        var call = browser.CallAsync(pending.Task, Bound, new FakeTimeProvider(), CancellationToken.None);
        ((FakeBrowser)(object)fake).Disconnect();
        await Assert.ThrowsAsync<BrowserDisconnectedException>(() => call);

        var drain = abandoned.DrainAsync(Bound, new FakeTimeProvider());
        Assert.False(drain.IsCompleted);
        // As the driver's end fails whatever it never answered.
        pending.SetException(new PlaywrightException("Connection closed"));

        await drain;
    }

    [Fact]
    public async Task DrainAsync_AbandonedCallNeverEnds_GivesUpAtTheBound()
    {
        var abandoned = new AbandonedCalls();
        abandoned.Add(new TaskCompletionSource().Task);
        var time = new FakeTimeProvider();

        var drain = abandoned.DrainAsync(Bound, time);
        Assert.False(drain.IsCompleted);
        time.Advance(Bound);

        await drain;
    }

    private static (LiveBrowser Browser, FakeBrowser Fake) NewBrowser()
    {
        var fake = DispatchProxy.Create<IBrowser, FakeBrowser>();
        return (new LiveBrowser(fake, new AbandonedCalls()), (FakeBrowser)(object)fake);
    }

    /// <summary>An <see cref="IBrowser"/> that only connects, disconnects and closes: every other member throws.</summary>
    public class FakeBrowser : DispatchProxy
    {
        private EventHandler<IBrowser>? _disconnected;

        public bool Connected { get; set; } = true;

        /// <summary>Gets or sets what <see cref="IBrowser.CloseAsync"/> answers: by default, never.</summary>
        public Task CloseAnswer { get; set; } = new TaskCompletionSource().Task;

        public int Closes { get; private set; }

        public void Disconnect()
        {
            Connected = false;
            _disconnected?.Invoke(this, (IBrowser)(object)this);
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod?.Name)
            {
                case "get_IsConnected":
                    return Connected;
                case "CloseAsync":
                    Closes++;
                    return CloseAnswer;
                case "add_Disconnected":
                    _disconnected += (EventHandler<IBrowser>)args![0]!;
                    return null;
                case "remove_Disconnected":
                    _disconnected -= (EventHandler<IBrowser>)args![0]!;
                    return null;
                default:
                    throw new NotSupportedException(targetMethod?.Name);
            }
        }
    }
}
