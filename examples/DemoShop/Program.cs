// The demo shop alone: dotnet run --project examples/DemoShop [-- --port 5080 --password secret --flaky 0.05 --price-revision 1]
using System.Globalization;
using System.Runtime.InteropServices;
using DemoShop;

var options = new DemoShopOptions { Port = 5080 };
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port": options.Port = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--user": options.Username = args[i + 1]; break;
        case "--password": options.Password = args[i + 1]; break;
        case "--flaky": options.FlakyRate = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--products": options.ProductCount = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--price-revision": options.PriceRevision = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 2;
    }
}

await using var shop = await DemoShopServer.StartAsync(options);
Console.WriteLine($"Demo shop at {shop.BaseAddress} (user '{options.Username}'); Ctrl+C or SIGTERM stops it.");
using var stop = new CancellationTokenSource();

// SIGINT (Ctrl+C), SIGTERM (kill, docker stop, systemd) and SIGQUIT all stop the shop the same way. Console.CancelKeyPress
// alone saw only Ctrl+C: the host's own SIGTERM handler stopped Kestrel but nothing ended this wait.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);
await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
return 0;

void Stop(PosixSignalContext context)
{
    // Handled here: the runtime must not end the process before the server is disposed and this returns 0.
    context.Cancel = true;
    stop.Cancel();
}
