using System.Text;
using System.Text.Json;
using Scraper.Items;

namespace Scraper.Tests.Items;

/// <summary>
/// Checkpoints with real files: an output resumed at a checkpoint after a crash (the exporter abandoned without
/// closing, items past the checkpoint, a torn half line) ends byte for byte as the uninterrupted output.
/// </summary>
public sealed class ExportCheckpointTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("scraper-checkpoint-");

    private sealed record Product(string Name, decimal Price, string[] Tags);

    private sealed record Other(string Name, int Stock);

    private static readonly object[] Items =
    [
        new Product("Lamp, \"big\"", 12.5m, ["home"]),
        new Product("Café", 3m, []),
        new Other("Chair", 4),
        new Product("Desk", 99.99m, ["office", "wood"]),
        new Product("Pen", 1m, []),
    ];

    public void Dispose() => _directory.Delete(recursive: true);

    public static TheoryData<string> Formats => new() { "out.jsonl", "out.csv", "out.json" };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task OpenAtCheckpoint_AfterAbandonedWriterAndTornLine_FileEqualsUninterruptedOutput(string name)
    {
        var expected = await WriteUninterruptedAsync(name);
        var path = Path.Combine(_directory.FullName, "resumed", name);

        // First life: two items, a checkpoint, then more items that no acknowledgement covers, and a crash.
        var first = ItemExporters.ForFile(path);
        await first.OpenAsync();
        await first.ExportAsync(Items[0]);
        await first.ExportAsync(Items[1]);
        var checkpoint = RoundTrip(await first.CheckpointAsync());
        await first.ExportAsync(Items[2]);
        await first.ExportAsync(Items[3]);
        // The crash: no CloseAsync, no DisposeAsync; the process also tore a line in half on its way down.
        await AppendAsync(checkpoint.Path, "{\"name\":\"Pe");

        Assert.False(File.Exists(path));
        Assert.True(new FileInfo(checkpoint.Path).Length > checkpoint.Offset);

        // Second life: back to the checkpoint, then the items of the requests fetched again.
        await using var second = ItemExporters.ForFile(path);
        await second.OpenAsync(checkpoint);
        foreach (var item in Items[2..])
        {
            await second.ExportAsync(item);
        }

        await second.CloseAsync();

        Assert.Equal(expected, await File.ReadAllBytesAsync(path));
        Assert.False(File.Exists(checkpoint.Path));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task OpenAtCheckpoint_TakenBeforeAnyItem_WritesNoSecondHeader(string name)
    {
        var expected = await WriteUninterruptedAsync(name);
        var path = Path.Combine(_directory.FullName, "early", name);
        var first = ItemExporters.ForFile(path);
        await first.OpenAsync();
        var checkpoint = await first.CheckpointAsync();
        await first.ExportAsync(Items[0]);

        await using var second = ItemExporters.ForFile(path);
        await second.OpenAsync(checkpoint);
        foreach (var item in Items)
        {
            await second.ExportAsync(item);
        }

        await second.CloseAsync();
        Assert.Equal(expected, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Checkpoint_CsvRecordsTheHeaderColumns()
    {
        var exporter = ItemExporters.ForFile(Path.Combine(_directory.FullName, "c.csv"));
        await using (exporter)
        {
            await exporter.OpenAsync();
            Assert.Null((await exporter.CheckpointAsync()).Columns);
            await exporter.ExportAsync(Items[0]);
            var checkpoint = await exporter.CheckpointAsync();
            Assert.Equal(["name", "price", "tags"], checkpoint.Columns);
            Assert.Equal(1, checkpoint.Items);
            Assert.Equal(new FileInfo(checkpoint.Path).Length, checkpoint.Offset);
        }
    }

    [Fact]
    public async Task OpenAtCheckpoint_FileShorterThanCheckpoint_FailsNamingTheFile()
    {
        var path = Path.Combine(_directory.FullName, "short.jsonl");
        await File.WriteAllTextAsync(path, "{}\n");
        await using var exporter = ItemExporters.ForFile(path, append: true);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => exporter.OpenAsync(new ExportCheckpoint(path, 100, 3)).AsTask());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        var missing = Path.Combine(_directory.FullName, "missing.jsonl");
        error = await Assert.ThrowsAsync<InvalidDataException>(() => exporter.OpenAsync(new ExportCheckpoint(missing, 0, 0)).AsTask());
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Equal("{}\n", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Checkpoint_ExporterOnACallersStream_IsRefused()
    {
        using var stream = new MemoryStream();
        await using var exporter = new JsonLinesExporter(stream);
        await exporter.OpenAsync();

        Assert.False(exporter.CanCheckpoint);
        await Assert.ThrowsAsync<InvalidOperationException>(() => exporter.CheckpointAsync().AsTask());
    }

    private static ExportCheckpoint RoundTrip(ExportCheckpoint checkpoint) =>
        JsonSerializer.Deserialize<ExportCheckpoint>(JsonSerializer.Serialize(checkpoint))!;

    private static async Task AppendAsync(string path, string text)
    {
        await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    private async Task<byte[]> WriteUninterruptedAsync(string name)
    {
        var path = Path.Combine(_directory.FullName, "whole", name);
        await using var exporter = ItemExporters.ForFile(path);
        await exporter.OpenAsync();
        foreach (var item in Items)
        {
            await exporter.ExportAsync(item);
        }

        await exporter.CloseAsync();
        return await File.ReadAllBytesAsync(path);
    }
}
