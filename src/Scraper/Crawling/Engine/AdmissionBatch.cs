namespace Scraper.Crawling.Engine;

/// <summary>
/// The requests one callback (or the spider's start requests) yielded that are not admitted yet. They are admitted
/// together (<see cref="RequestScheduler.ScheduleRangeAsync"/>): with a shared frontier, a page's links cost one round
/// trip to the duplicate filter and one to the frontier instead of two each, and a page holds its place in the crawl's
/// concurrency for that long only. Admitted once <see cref="Size"/> are held, before the source waits for anything,
/// and when it ends, so no request waits on a slow source.
/// </summary>
internal sealed class AdmissionBatch(RequestScheduler scheduler)
{
    /// <summary>How many requests are admitted at most in one go (bounds one script's run in Redis, and memory).</summary>
    public const int Size = 256;

    private readonly List<Request> _requests = [];

    /// <summary>Gets the number of requests waiting to be admitted.</summary>
    public int Count => _requests.Count;

    /// <summary>Holds a request; admits the batch when it is full.</summary>
    public ValueTask AddAsync(Request request, CancellationToken cancellationToken)
    {
        _requests.Add(request);
        return _requests.Count >= Size ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Admits the requests held, if any.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_requests.Count == 0)
        {
            return;
        }

        try
        {
            await scheduler.ScheduleRangeAsync(_requests, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Admitted or failed (the failure is the callback's, logged by its runner): never admitted twice.
            _requests.Clear();
        }
    }
}
