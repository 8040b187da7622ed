using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Scraper.Items;

namespace Scraper.Tests.Items;

public sealed class ExporterTests
{
    private sealed record Book(string Title, decimal Price, string[] Tags, DateTimeOffset? Added = null);

    private sealed record Note(string Title, string Text);

    private sealed record Labelled([property: JsonPropertyName("sku")] string Code, string Title, [property: JsonIgnore] string Internal);

    private static readonly Book First = new("Café, \"quoted\"", 12.5m, ["a", "b"], new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private static readonly Book Second = new(" spaced ", 3m, []);

    private static async Task<string> ExportAsync(Func<Stream, IItemExporter> create, params object[] items)
    {
        using var stream = new MemoryStream();
        await using var exporter = create(stream);
        await exporter.OpenAsync();
        foreach (var item in items)
        {
            await exporter.ExportAsync(item);
        }

        await exporter.CloseAsync();
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task Exporters_JsonLinesWritesOneObjectPerLine() =>
        Assert.Equal(
            "{\"title\":\"Café, \\\"quoted\\\"\",\"price\":12.5,\"tags\":[\"a\",\"b\"],\"added\":\"2026-01-02T03:04:05+00:00\"}\n" +
            "{\"title\":\" spaced \",\"price\":3,\"tags\":[],\"added\":null}\n",
            await ExportAsync(stream => new JsonLinesExporter(stream), First, Second));

    [Fact]
    public async Task Exporters_JsonArrayIsValidJsonAlsoWhenEmpty()
    {
        Assert.Equal(
            "[\n{\"title\":\" spaced \",\"price\":3,\"tags\":[],\"added\":null},\n{\"title\":\"x\",\"text\":\"y\"}\n]\n",
            await ExportAsync(stream => new JsonArrayExporter(stream), Second, new Note("x", "y")));
        Assert.Equal("[]\n", await ExportAsync(stream => new JsonArrayExporter(stream)));
    }

    [Fact]
    public async Task Exporters_CsvQuotesWhatNeedsItAndWritesNestedValuesAsJson() =>
        Assert.Equal(
            "title,price,tags,added\r\n" +
            "\"Café, \"\"quoted\"\"\",12.5,\"[\"\"a\"\",\"\"b\"\"]\",2026-01-02T03:04:05.0000000+00:00\r\n" +
            "\" spaced \",3,[],\r\n" +
            "x,,,\r\n",
            await ExportAsync(stream => new CsvExporter(stream), First, Second, new Note("x", "y")));

    [Fact]
    public async Task Exporters_CsvWithChosenColumns() =>
        Assert.Equal(
            "price,title\r\n12.5,\"Café, \"\"quoted\"\"\"\r\n",
            await ExportAsync(stream => new CsvExporter(stream, columns: ["Price", "Title"]), First));

    [Fact]
    public async Task Exporters_CsvColumnsFollowTheJsonContract() =>
        Assert.Equal(
            "sku,title\r\nA-1,Lamp\r\n",
            await ExportAsync(stream => new CsvExporter(stream), new Labelled("A-1", "Lamp", "not exported")));

    [Fact]
    public async Task Exporters_UseOnlyTheMetadataTheOptionsGive()
    {
        // What a native AOT executable does: no reflection, a source-generated context in the exporter's options.
        var options = new JsonSerializerOptions(ItemExporter.DefaultJsonOptions) { TypeInfoResolver = ExportedJson.Default };

        Assert.Equal("{\"id\":1,\"name\":\"Café\"}\n", await ExportAsync(stream => new JsonLinesExporter(stream, options), new Exported(1, "Café")));
        Assert.Equal("id,name\r\n1,Café\r\n", await ExportAsync(stream => new CsvExporter(stream, jsonOptions: options), new Exported(1, "Café")));
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => ExportAsync(stream => new JsonLinesExporter(stream, options), Second));
        Assert.Contains(nameof(Book), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exporters_FileIsReplacedOrAppendedAndReusableAcrossRuns()
    {
        var directory = Directory.CreateTempSubdirectory("scraper-export-");
        try
        {
            var path = Path.Combine(directory.FullName, "out", "books.csv");
            await using (var exporter = ItemExporters.ForFile(path))
            {
                await exporter.OpenAsync();
                await exporter.ExportAsync(Second);
                await exporter.CloseAsync();
                await exporter.OpenAsync();
                await exporter.ExportAsync(Second);
                await exporter.CloseAsync();
            }

            await using (var appending = ItemExporters.ForFile(path, append: true))
            {
                await appending.OpenAsync();
                await appending.ExportAsync(new Book("more", 1m, []));
                await appending.CloseAsync();
            }

            Assert.Equal("title,price,tags,added\r\n\" spaced \",3,[],\r\nmore,1,[],\r\n", await File.ReadAllTextAsync(path));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Exporters_ForFileChoosesByExtensionAndNamesTheChoicesOtherwise()
    {
        Assert.IsType<JsonLinesExporter>(ItemExporters.ForFile("a.jsonl"));
        Assert.IsType<JsonLinesExporter>(ItemExporters.ForFile("a.NDJSON"));
        Assert.IsType<CsvExporter>(ItemExporters.ForFile("a.csv"));
        Assert.IsType<JsonArrayExporter>(ItemExporters.ForFile("a.json"));
        var error = Assert.Throws<ArgumentException>(() => ItemExporters.ForFile("a.xml"));
        Assert.Contains(".jsonl", error.Message, StringComparison.Ordinal);
    }
}

internal sealed record Exported(int Id, string Name);

[JsonSerializable(typeof(Exported))]
internal sealed partial class ExportedJson : JsonSerializerContext;
