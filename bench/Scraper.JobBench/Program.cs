using System.Diagnostics;
using System.Globalization;
using Scraper.Crawling;
using Scraper.Crawling.Scheduling;
using Scraper.Sqlite;

// The SQLite job's frontier and duplicate filter on their own, without HTTP (issue #12):
//   dotnet run -c Release --project bench/Scraper.JobBench -- [--pages 100000] [--links 20] [--scale 10000000] [--dir /tmp/jobbench]
// Throughput: a crawl's scheduling work for --pages pages (each leased, its --links links admitted through the duplicate
// filter, half of them new, and acknowledged in commits of 256), in memory and in a job file; prints pages/s of both.
// Scale (with --scale N): N requests queued and N fingerprints seen in a job file, with the process's peak RSS (VmHWM).
var pages = Option("--pages", 100_000);
var links = Option("--links", 20);
var scale = Option("--scale", 0);
var directory = args.SkipWhile(arg => arg != "--dir").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "scraper-jobbench");
Directory.CreateDirectory(directory);
var spider = new QueueSpider();

if (scale > 0)
{
    await ScaleAsync(scale);
    return;
}

var memory = await ThroughputAsync(new MemoryFrontier(), new MemoryDuplicateFilter(), checkpointing: false);
var path = Path.Combine(directory, "throughput.db");
await using (var job = await SqliteCrawlJob.OpenAsync(path, new SqliteJobOptions { Fresh = true }))
{
    var sqlite = await ThroughputAsync(job.CreateFrontier(), job.CreateDuplicateFilter(), checkpointing: true);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pages/s: memory {memory:N0}, sqlite {sqlite:N0} ({sqlite / memory:P0} of memory); {links} links a page, peak RSS {PeakRssMiB()} MiB"));
}

async Task<double> ThroughputAsync(IFrontier frontier, IDuplicateFilter filter, bool checkpointing)
{
    await frontier.OpenAsync(new FrontierContext(spider));
    var next = 0;
    await AdmitAsync(frontier, filter, next++);
    var acknowledged = new List<FrontierLease>(256);
    var clock = Stopwatch.StartNew();
    for (var page = 0; page < pages; page++)
    {
        var lease = await frontier.TryDequeueAsync() ?? throw new InvalidOperationException("The frontier ran dry.");
        for (var link = 0; link < links; link++)
        {
            // Half of a page's links are new, half are seen already (as on a real site).
            await AdmitAsync(frontier, filter, link % 2 == 0 ? next++ : Math.Max(0, next - 1 - link));
        }

        if (!checkpointing)
        {
            await frontier.AcknowledgeAsync(lease);
            continue;
        }

        acknowledged.Add(lease);
        if (acknowledged.Count == 256)
        {
            await ((ICheckpointingFrontier)frontier).CommitAsync(acknowledged, []);
            acknowledged.Clear();
        }
    }

    return pages / clock.Elapsed.TotalSeconds;
}

async Task ScaleAsync(int count)
{
    var path = Path.Combine(directory, "scale.db");
    await using var job = await SqliteCrawlJob.OpenAsync(path, new SqliteJobOptions { Fresh = true });
    var frontier = job.CreateFrontier();
    var filter = job.CreateDuplicateFilter();
    await frontier.OpenAsync(new FrontierContext(spider));
    var clock = Stopwatch.StartNew();
    var lap = TimeSpan.Zero;
    for (var i = 0; i < count; i++)
    {
        await AdmitAsync(frontier, filter, i);
        if ((i + 1) % 1_000_000 == 0)
        {
            // The rate of the last million too: a frontier that slows as it grows shows here.
            var now = clock.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i + 1:N0} queued, {now.TotalSeconds:N0} s, {1_000_000 / (now - lap).TotalSeconds:N0} admits/s in the last million, peak RSS {PeakRssMiB()} MiB"));
            lap = now;
        }
    }

    var admitting = clock.Elapsed;

    // A second admit of every tenth URL is a duplicate: the filter answers from the file.
    var duplicates = 0;
    for (var i = 0; i < count; i += 10)
    {
        duplicates += await filter.TryAddAsync(RequestFingerprint.Compute(RequestOf(i))) ? 0 : 1;
    }

    var lease = await frontier.TryDequeueAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{frontier.Count:N0} queued ({count / admitting.TotalSeconds:N0} admits/s), {duplicates:N0} of {(count + 9) / 10:N0} re-admits refused as duplicates, first lease {lease?.Request.Url}; {clock.Elapsed.TotalSeconds:N0} s; peak RSS {PeakRssMiB()} MiB; job file {new FileInfo(path).Length / 1024 / 1024:N0} MiB"));
}

static async ValueTask AdmitAsync(IFrontier frontier, IDuplicateFilter filter, int number)
{
    var request = RequestOf(number);
    if (await filter.TryAddAsync(RequestFingerprint.Compute(request)))
    {
        await frontier.EnqueueAsync(request);
    }
}

static Request RequestOf(int number) => new($"https://shop.example/category/{number % 97}/product/{number}?ref=listing") { Depth = 2 };

static long PeakRssMiB()
{
    var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>The spider the stored requests belong to (its default callback).</summary>
internal sealed class QueueSpider : Spider
{
    public override IEnumerable<object> Parse(Response response) => [];
}
