using Scraper.Crawling;
using Scraper.Items;

namespace Scraper.Tests.Items;

/// <summary>A run's output is published over the target only when the run completes; otherwise the last complete export stays.</summary>
public sealed class ExportPublishingTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("scraper-publish-");

    private sealed record Line(int N);

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData(CrawlOutcome.Cancelled)]
    [InlineData(CrawlOutcome.Failed)]
    public async Task CloseAsync_RunNotComplete_KeepsLastExportAndWritesPartialFile(CrawlOutcome outcome)
    {
        var path = Path.Combine(_directory.FullName, "shop.jsonl");
        await WriteAsync(path, CrawlOutcome.Completed, 3);

        var publication = await WriteAsync(path, outcome, 2);

        Assert.False(publication.Complete);
        Assert.Equal(Path.Combine(_directory.FullName, "shop.partial.jsonl"), publication.Path);
        Assert.Equal(3, File.ReadAllLines(path).Length);
        Assert.Equal(2, File.ReadAllLines(publication.Path!).Length);
        Assert.Equal(["shop.jsonl", "shop.partial.jsonl"], Names());
    }

    [Theory]
    [InlineData(CrawlOutcome.Completed)]
    [InlineData(CrawlOutcome.LimitReached)]
    public async Task CloseAsync_RunComplete_ReplacesTheTarget(CrawlOutcome outcome)
    {
        var path = Path.Combine(_directory.FullName, "shop.csv");
        await WriteAsync(path, CrawlOutcome.Completed, 3);

        var publication = await WriteAsync(path, outcome, 2);

        Assert.True(publication.Complete);
        Assert.Equal(path, publication.Path);
        Assert.Equal(["n", "0", "1"], File.ReadAllLines(path));
        Assert.Equal(["shop.csv"], Names());
    }

    [Fact]
    public async Task OpenAsync_WhileWriting_TargetStillHoldsTheLastCompleteExport()
    {
        var path = Path.Combine(_directory.FullName, "shop.json");
        await WriteAsync(path, CrawlOutcome.Completed, 1);
        var before = await File.ReadAllTextAsync(path);

        // A killed run: opened and written to, never closed nor disposed.
        var killed = ItemExporters.ForFile(path);
        await killed.OpenAsync();
        await killed.ExportAsync(new Line(7));

        Assert.Equal(before, await File.ReadAllTextAsync(path));
        Assert.Equal("[\n{\"n\":0}\n]\n", before);
    }

    [Fact]
    public async Task CloseAsync_PartialPathGiven_KeepsItThere()
    {
        var path = Path.Combine(_directory.FullName, "shop.jsonl");
        var partial = ItemExporters.PartialPathFor(path, "run-1");
        await using var exporter = ItemExporters.ForFile(path, partialPath: partial);
        await exporter.OpenAsync();
        await exporter.ExportAsync(new Line(1));

        var publication = await exporter.CloseAsync(CrawlOutcome.Cancelled);

        Assert.Equal(Path.Combine(_directory.FullName, "shop.run-1.partial.jsonl"), publication.Path);
        Assert.Equal(publication, exporter.Publication);
        Assert.False(File.Exists(path));
    }

    private string[] Names() => [.. _directory.GetFiles().Select(file => file.Name).Order(StringComparer.Ordinal)];

    private static async Task<ExportPublication> WriteAsync(string path, CrawlOutcome outcome, int count)
    {
        await using var exporter = ItemExporters.ForFile(path);
        await exporter.OpenAsync();
        for (var i = 0; i < count; i++)
        {
            await exporter.ExportAsync(new Line(i));
        }

        return await exporter.CloseAsync(outcome);
    }
}
