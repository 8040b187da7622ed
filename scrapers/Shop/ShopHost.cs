using DemoShop;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scraper.Hosting;
using Serilog;

namespace Shop;

/// <summary>The Shop executable's host plumbing, kept apart from Program.cs so tests can build the same host.</summary>
public static class ShopHost
{
    /// <summary>
    /// Layers configuration as documented: the repository's shared appsettings.json, then this scraper's
    /// appsettings.json, then user secrets, then environment variables, then the command line.
    /// </summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="args">The normalized arguments.</param>
    /// <param name="switches">The switch mappings.</param>
    public static void LayerConfiguration(ConfigurationManager configuration, string[] args, IDictionary<string, string> switches)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var shared = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory).AddJsonFile("appsettings.shared.json", optional: true).Build();
        configuration.Sources.Insert(0, new ChainedConfigurationSource { Configuration = shared, ShouldDisposeConfiguration = true });
        configuration.AddUserSecrets(typeof(ShopHost).Assembly, optional: true);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args, switches);
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
        var server = await DemoShopServer.StartAsync(new DemoShopOptions { Username = "demo", Password = null, StateDirectory = state, FlakyRate = flaky }, cancellationToken);
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shop:BaseUrl"] = server.BaseAddress.AbsoluteUri,
            ["Shop:Username"] = "demo",
            ["Shop:Password"] = server.Password,
        });
        return server;
    }

    /// <summary>
    /// Runs the host and returns the process exit code: the crawl's (0, 1, 130), or 2 when the configuration is
    /// invalid, with the reason as the last log line.
    /// </summary>
    /// <param name="host">The built host.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            // RunAsync disposes the host: take the status first.
            var exit = host.Services.GetRequiredService<ScraperExitStatus>();
            await host.RunAsync();
            return exit.ExitCode;
        }
        catch (OptionsValidationException ex)
        {
            Log.Logger.Fatal("Invalid configuration: {Reason}", string.Join("; ", ex.Failures));
            Console.Error.WriteLine($"Invalid configuration: {string.Join("; ", ex.Failures)}");
            return ExitCodes.InvalidConfiguration;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
            host.Dispose();
        }
    }
}
