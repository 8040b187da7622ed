using DemoShop;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Scraper.Hosting;
using Serilog;

namespace Shop;

/// <summary>The Shop executable's host plumbing, kept apart from Program.cs so tests can build the same host.</summary>
public static class ShopHost
{
    /// <summary>Gets the Shop executable's own switches, beside <see cref="ScraperCommandLine.Switches"/>.</summary>
    public static IReadOnlyList<ScraperSwitch> Switches { get; } =
    [
        new("--url", "Shop:BaseUrl", "URL", "the shop to crawl; the embedded demo shop when unset"),
    ];

    /// <summary>
    /// Layers configuration as documented: the repository's shared appsettings.json, then this scraper's
    /// appsettings.json, then user secrets, then environment variables, then the command line.
    /// </summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="args">The parsed arguments (<see cref="ScraperArguments.Args"/>, all in --Key=value form).</param>
    public static void LayerConfiguration(ConfigurationManager configuration, string[] args)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var shared = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory).AddJsonFile("appsettings.shared.json", optional: true).Build();
        configuration.Sources.Insert(0, new ChainedConfigurationSource { Configuration = shared, ShouldDisposeConfiguration = true });
        configuration.AddUserSecrets(typeof(ShopHost).Assembly, optional: true);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
    }

    /// <summary>
    /// Starts the embedded demo shop and points the Shop settings at it. The shop keeps its made-up password and its
    /// login sessions in <c>&lt;Scraper:StateDirectory&gt;/demo-shop/</c>, as a real shop keeps them in its database,
    /// so the next run's saved cookies are still valid there and it does not log in again.
    /// </summary>
    /// <param name="configuration">The host's configuration; Shop:BaseUrl, Username and Password are set in it.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running shop, to dispose when the host ends.</returns>
    public static async Task<DemoShopServer> StartDemoShopAsync(ConfigurationManager configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var flaky = double.TryParse(configuration["Shop:DemoFlakyRate"], System.Globalization.CultureInfo.InvariantCulture, out var rate) ? rate : 0;
        var state = Path.Combine(configuration[$"{ScraperHostOptions.SectionName}:StateDirectory"] ?? new ScraperHostOptions().StateDirectory, "demo-shop");
        var revision = int.TryParse(configuration["Shop:DemoPriceRevision"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
        var server = await DemoShopServer.StartAsync(new DemoShopOptions { Username = "demo", Password = null, StateDirectory = state, FlakyRate = flaky, PriceRevision = revision }, cancellationToken);
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shop:BaseUrl"] = server.BaseAddress.AbsoluteUri,
            ["Shop:Username"] = "demo",
            ["Shop:Password"] = server.Password,
        });
        return server;
    }

    /// <summary>
    /// Builds and runs the host and returns the process exit code: the crawl's (0, 1, 130), or 2 with one line
    /// naming the key and the value when the configuration is invalid.
    /// </summary>
    /// <param name="builder">The host's builder, configured.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        try
        {
            return await ScraperHost.RunAsync(builder);
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
