namespace Scraper.Redis;

/// <summary>
/// Wakes every waiter at once when a Redis message arrives (work enqueued, a place released, a login done). A waiter
/// takes <see cref="Next"/> before it checks Redis, so a message sent between the check and the wait is not missed.
/// </summary>
internal sealed class Pulse
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a task that completes at the next <see cref="Fire"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Fire() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for the pulse taken before the check, at most <paramref name="timeout"/>; a wait is always bounded.</summary>
    /// <returns>True when woken by a message, false when the time ran out.</returns>
    public static async Task<bool> WaitAsync(Task next, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await next.WaitAsync(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
