using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling;
using Scraper.Crawling.Engine;
using Scraper.Crawling.Scheduling;
using Scraper.Crawling.Stats;
using Scraper.Items;

namespace Scraper.Tests.Crawling.Engine;

/// <summary>
/// A commit of acknowledgements that fails says what happens next, and does it: a storage failure stops the run,
/// anything else is tried again with the next batch.
/// </summary>
public sealed class ExportCommitterTests
{
    private readonly FakeLogCollector _logs = new();
    private readonly List<Exception> _failed = [];

    [Fact]
    public async Task Commit_StorageFails_FailsTheRunAndSaysSo()
    {
        var frontier = new CommitFrontier { Failure = new IOException("No space left on device") };
        var committer = NewCommitter(frontier);

        await committer.AcknowledgeAsync(Lease(1), CancellationToken.None);

        var failure = Assert.Single(_failed);
        Assert.IsType<IOException>(failure);
        var entry = Assert.Single(_logs.GetSnapshot());
        Assert.Equal(209, entry.Id.Id);
        Assert.Contains("the run stops and ends failed", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_StorageFailed_RequestsStillInFlightWaitForTheEndsOneLastTry()
    {
        var frontier = new CommitFrontier { Failure = new IOException("No space left on device") };
        var committer = NewCommitter(frontier);
        await committer.AcknowledgeAsync(Lease(1), CancellationToken.None);
        frontier.Failure = null;

        // The run is stopping: what its requests in flight acknowledge is not committed one batch at a time, each
        // logging the same failure, but once, as the run ends.
        await committer.AcknowledgeAsync(Lease(2), CancellationToken.None);
        await committer.AcknowledgeAsync(Lease(3), CancellationToken.None);
        Assert.Empty(frontier.Committed);
        await committer.CommitAsync(CancellationToken.None);

        Assert.Single(_failed);
        Assert.Single(_logs.GetSnapshot());
        Assert.Equal([1L, 2L, 3L], frontier.Committed.Select(l => l.Id));
    }

    [Fact]
    public async Task Commit_OtherFailure_RunGoesOnAndTheAcknowledgementsGoWithTheNextBatch()
    {
        var frontier = new CommitFrontier { Failure = new InvalidOperationException("database is locked") };
        var committer = NewCommitter(frontier);

        await committer.AcknowledgeAsync(Lease(1), CancellationToken.None);
        frontier.Failure = null;
        await committer.AcknowledgeAsync(Lease(2), CancellationToken.None);

        Assert.Empty(_failed);
        var entry = Assert.Single(_logs.GetSnapshot());
        Assert.Equal(208, entry.Id.Id);
        Assert.Contains("tried again with the next batch", entry.Message, StringComparison.Ordinal);
        Assert.Equal([1L, 2L], frontier.Committed.Select(l => l.Id));
    }

    private ExportCommitter NewCommitter(CommitFrontier frontier)
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger(_logs);
        return new ExportCommitter("shop", frontier, new List<IItemExporter>(), new CrawlStats("shop", time), time, logger, onFailed: _failed.Add);
    }

    private static FrontierLease Lease(long id) => new(new Request(new Uri($"https://shop.test/{id}"), _ => []), id);

    /// <summary>A frontier that commits in batches of one, failing while <see cref="Failure"/> is set.</summary>
    private sealed class CommitFrontier : ICheckpointingFrontier
    {
        public Exception? Failure { get; set; }

        public List<FrontierLease> Committed { get; } = [];

        public long Count => 0;

        public int CommitBatchSize => 1;

        public ValueTask CommitAsync(IReadOnlyList<FrontierLease> acknowledged, IReadOnlyList<ExportCheckpoint?> checkpoints, CancellationToken cancellationToken = default)
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            Committed.AddRange(acknowledged);
            return ValueTask.CompletedTask;
        }

        public ValueTask<IReadOnlyList<ExportCheckpoint?>> LoadCheckpointsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask MarkFinishedAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask EnqueueAsync(Request request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<FrontierLease?> TryDequeueAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask AcknowledgeAsync(FrontierLease lease, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
