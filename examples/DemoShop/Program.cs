// The demo shop alone: dotnet run --project examples/DemoShop [-- --port 5080 --password secret --flaky 0.05]
using System.Globalization;
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
        default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 2;
    }
}

await using var shop = await DemoShopServer.StartAsync(options);
Console.WriteLine($"Demo shop at {shop.BaseAddress} (user '{options.Username}'); Ctrl+C stops it.");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
return 0;
