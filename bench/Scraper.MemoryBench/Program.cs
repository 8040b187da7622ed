using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Scraper.Http;

// Peak memory of hostile bodies (issue #10): eight concurrent gzip bombs and eight 200 MB bodies without a
// Content-Length, all at once through one session with the default 64 MiB size limit, against a loopback server in
// this process. Prints the process's peak RSS (VmHWM) and the budget's high-water mark.
//   dotnet run -c Release --project bench/Scraper.MemoryBench -- [--budget-mib 128|0] [--bombs 8] [--large 8] [--large-mb 200]
var budgetMiB = Option("--budget-mib", 128);
var bombs = Option("--bombs", 8);
var large = Option("--large", 8);
var largeMb = Option("--large-mb", 200);

// 1 GiB of zeros: about 1 MB on the wire.
var bomb = Gzip(1024L * 1024 * 1024);
using var listener = new TcpListener(IPAddress.Loopback, 0);
listener.Start();
var port = ((IPEndPoint)listener.LocalEndpoint).Port;
using var stop = new CancellationTokenSource();
var serving = ServeAsync(listener, bomb, largeMb * 1_000_000L, stop.Token);

var budget = budgetMiB > 0 ? new BodyBudget(budgetMiB * 1024L * 1024) : null;
var options = new SessionOptions { BodyBudget = budget, Timeout = TimeSpan.FromMinutes(5) };
options.Retry.MaxRetries = 0;
await using var session = new Session(options);
var baseline = PeakRss();
var started = System.Diagnostics.Stopwatch.StartNew();
var requests = Enumerable.Range(0, bombs).Select(i => $"/bomb/{i}").Concat(Enumerable.Range(0, large).Select(i => $"/large/{i}"))
    .Select(async path =>
    {
        try
        {
            var response = await session.GetAsync($"http://127.0.0.1:{port}{path}");
            return $"{path}: {(int)response.StatusCode}, {response.Body.Length:N0} bytes";
        }
        catch (SessionException ex)
        {
            return $"{path}: {ex.GetType().Name}";
        }
    }).ToArray();
var outcomes = await Task.WhenAll(requests);
await stop.CancelAsync();
listener.Stop();
await serving.ContinueWith(_ => { }, TaskScheduler.Default);

foreach (var group in outcomes.GroupBy(o => o[(o.IndexOf(':') + 2)..]))
{
    Console.WriteLine($"{group.Count()} x {group.Key}");
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"budget {(budget is null ? "none" : $"{budgetMiB} MiB")}; {bombs} bombs + {large} x {largeMb} MB; {started.Elapsed.TotalSeconds:0.0} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"peak RSS (VmHWM) {PeakRss() / 1024.0:0} MiB (before the requests {baseline / 1024.0:0} MiB); budget high-water mark {(budget?.PeakHeldBytes ?? 0) / 1048576.0:0.0} MiB"));

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static long PeakRss()
{
    var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

static byte[] Gzip(long zeros)
{
    using var output = new MemoryStream();
    using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
    {
        var block = new byte[1024 * 1024];
        for (long written = 0; written < zeros; written += block.Length)
        {
            gzip.Write(block);
        }
    }

    return output.ToArray();
}

static async Task ServeAsync(TcpListener listener, byte[] bomb, long largeBytes, CancellationToken cancellationToken)
{
    var connections = new List<Task>();
    try
    {
        while (true)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            connections.Add(AnswerAsync(client, bomb, largeBytes, cancellationToken));
        }
    }
    catch (Exception ex) when (ex is OperationCanceledException or SocketException)
    {
        await Task.WhenAll(connections).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}

static async Task AnswerAsync(TcpClient client, byte[] bomb, long largeBytes, CancellationToken cancellationToken)
{
    using (client)
    {
        try
        {
            var stream = client.GetStream();
            var head = new byte[4096];
            var read = await stream.ReadAsync(head, cancellationToken);
            var path = Encoding.ASCII.GetString(head, 0, read).Split(' ')[1];
            if (path.StartsWith("/bomb", StringComparison.Ordinal))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {bomb.Length}\r\nConnection: close\r\n\r\n"), cancellationToken);
                await stream.WriteAsync(bomb, cancellationToken);
                return;
            }

            // No Content-Length: the body ends when the connection closes, so only the streamed count can stop it.
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"u8.ToArray(), cancellationToken);
            var block = new byte[64 * 1024];
            for (long sent = 0; sent < largeBytes; sent += block.Length)
            {
                await stream.WriteAsync(block, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The client stopped reading at its size limit and closed the connection.
        }
    }
}
