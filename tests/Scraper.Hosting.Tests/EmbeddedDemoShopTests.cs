using System.Text.Json;
using DemoShop;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Shop;

namespace Scraper.Hosting.Tests;

/// <summary>
/// The Shop host as `dotnet run --project scrapers/Shop` runs it with no Shop:BaseUrl: each run starts a new
/// embedded demo shop (on a new free port), which keeps its password and login sessions in the state folder.
/// </summary>
public sealed class EmbeddedDemoShopTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("scraper-demo-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    private sealed record Run(int Logins, IReadOnlyList<string> Paths, Uri Address, IReadOnlyList<string> Log);

    private async Task<Run> RunShopAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _state, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scraper:Mode"] = "Once",
            ["Scraper:StateDirectory"] = _state,
            ["Scraper:Output"] = Path.Combine(_state, "shop.jsonl"),
            ["Scraper:MaxPages"] = "20",
        });
        await using var shop = await ShopHost.StartDemoShopAsync(builder.Configuration);
        var logs = new FakeLogCollector();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new FakeLoggerProvider(logs));
        builder.Services.AddOptions<ShopOptions>().Bind(builder.Configuration.GetSection(ShopOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScraper(builder.Configuration.GetSection(ScraperHostOptions.SectionName)).AddSpider<ShopSpider>();
        using (var host = builder.Build())
        {
            await host.RunAsync();
        }

        return new Run(shop.Logins, [.. shop.RequestedPaths], shop.BaseAddress, [.. logs.GetSnapshot().Select(record => record.Message)]);
    }

    [Fact]
    public async Task Shop_SecondRunAgainstANewEmbeddedDemoShopReusesTheSavedSessionAndSaysSo()
    {
        var first = await RunShopAsync();
        var second = await RunShopAsync();

        Assert.Equal(1, first.Logins);
        Assert.Contains(first.Paths, path => path.StartsWith("/login", StringComparison.Ordinal));
        // A new server, most likely on another port: cookies belong to the host, not the port, and the shop kept the session.
        Assert.Equal(0, second.Logins);
        Assert.DoesNotContain(second.Paths, path => path.StartsWith("/login", StringComparison.Ordinal));
        Assert.Contains(second.Paths, path => path.StartsWith("/product/", StringComparison.Ordinal));
        Assert.DoesNotContain(second.Log, line => line.Contains("logged out", StringComparison.Ordinal));
        Assert.Single(second.Log, line => line.StartsWith("Spider shop: reusing the saved session default (cookies saved ", StringComparison.Ordinal));
        Assert.DoesNotContain(first.Log, line => line.Contains("reusing the saved session", StringComparison.Ordinal));
        // Every product of the second run was scraped logged in (the members-only price is there).
        var products = File.ReadAllLines(Path.Combine(_state, "shop.jsonl")).Select(line => JsonSerializer.Deserialize<ShopProduct>(line, JsonSerializerOptions.Web)!).ToList();
        Assert.NotEmpty(products);
        Assert.All(products, product => Assert.NotNull(product.MemberPrice));
    }

    [Fact]
    public async Task DemoShop_StateFolderIsOwnerOnlyAndKeepsThePasswordAcrossRestarts()
    {
        var folder = Path.Combine(_state, "demo-shop");
        string password;
        await using (var shop = await DemoShopServer.StartAsync(new DemoShopOptions { Password = null, StateDirectory = folder }))
        {
            password = shop.Password;
        }

        await using (var again = await DemoShopServer.StartAsync(new DemoShopOptions { Password = null, StateDirectory = folder }))
        {
            Assert.Equal(password, again.Password);
        }

        Assert.Equal(24, password.Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "shop.json")));
        }
    }
}
