using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Scraper.Tests;

/// <summary>
/// A fake clock that tells when a timer with a given due time was created, so a test advances time only after the
/// code under test has started waiting (advancing earlier would leave that timer pending for ever).
/// </summary>
internal sealed class TimerWatchingTimeProvider : FakeTimeProvider
{
    private readonly ConcurrentDictionary<TimeSpan, TaskCompletionSource> _created = new();

    public TimerWatchingTimeProvider(DateTimeOffset? start = null)
        : base(start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Completes once a timer due after <paramref name="dueTime"/> has been created.</summary>
    public Task TimerCreated(TimeSpan dueTime) => Signal(dueTime).Task;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Signal(dueTime).TrySetResult();
        return timer;
    }

    private TaskCompletionSource Signal(TimeSpan dueTime) =>
        _created.GetOrAdd(dueTime, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
