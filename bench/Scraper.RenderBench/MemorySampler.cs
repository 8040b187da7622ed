using System.Globalization;

namespace Scraper.RenderBench;

/// <summary>
/// Samples, every 50 ms, the memory of this process plus all its descendants (Chromium's browser, zygotes, GPU,
/// network and renderer processes), read from /proc, and keeps the peaks: the sum of their RSS, which counts the
/// pages they share (Chromium's code, mapped by every process) once per process, and the sum of their PSS
/// (proportional set size: a shared page split among its sharers), which is what the tree really holds. A bench
/// tool: sampling is the only way to see the sum of a process tree.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly PeriodicTimer _timer = new(TimeSpan.FromMilliseconds(50));
    private readonly Task _sampling;
    private long _peak;
    private long _peakPss;
    private long _peakOwn;

    public MemorySampler() => _sampling = SampleAsync();

    public long PeakOwn => Interlocked.Read(ref _peakOwn);

    public long PeakPss => Interlocked.Read(ref _peakPss);

    public async Task<long> StopAsync()
    {
        _timer.Dispose();
        await _sampling;
        Sample();
        return Interlocked.Read(ref _peak);
    }

    public void Dispose() => _timer.Dispose();

    private async Task SampleAsync()
    {
        while (await _timer.WaitForNextTickAsync())
        {
            Sample();
        }
    }

    private void Sample()
    {
        var own = Environment.ProcessId;
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Parent(pid) is { } parent)
            {
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
        }

        long total = 0;
        long pss = 0;
        var ownRss = Rss(own);
        var pending = new Stack<int>([own]);
        while (pending.TryPop(out var pid))
        {
            total += pid == own ? ownRss : Rss(pid);
            pss += Read(pid, "smaps_rollup", "Pss:");
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                pending.Push(child);
            }
        }

        InterlockedMax(ref _peak, total);
        InterlockedMax(ref _peakPss, pss);
        InterlockedMax(ref _peakOwn, ownRss);
    }

    private static void InterlockedMax(ref long field, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref field)) && Interlocked.CompareExchange(ref field, value, seen) != seen)
        {
        }
    }

    private static int? Parent(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long Rss(int pid) => Read(pid, "status", "VmRSS:");

    // A "Name:   1234 kB" line of a /proc file, in bytes; 0 when the process is gone.
    private static long Read(int pid, string file, string name)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/{file}"))
            {
                if (line.StartsWith(name, StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(name.Length).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
