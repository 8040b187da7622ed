using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Scraper.Hosting;

/// <summary>
/// Runs a scraper host to its exit code: the crawl's (0, 1, 130), or 2 with one line naming the key and the bad
/// value when the configuration is invalid, however it was found (a failed check, a value that does not convert).
/// </summary>
public static class ScraperHost
{
    /// <summary>
    /// Builds and runs the host of a builder whose logging reads <c>Serilog:MinimumLevel</c> (as a scraper executable's
    /// does): a level there may be in either naming (<see cref="LogLevelNames.AcceptEitherNaming"/>); a configuration
    /// error, in the build or at start, ends it with exit code 2.
    /// </summary>
    /// <param name="builder">The host's builder, configured.</param>
    /// <param name="error">Where the configuration error goes; standard error by default.</param>
    /// <param name="cancellationToken">Stops the host.</param>
    /// <returns>The process exit code.</returns>
    public static Task<int> RunAsync(HostApplicationBuilder builder, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return RunAsync(() =>
        {
            LogLevelNames.AcceptEitherNaming(builder.Configuration);
            return builder.Build();
        }, error, cancellationToken);
    }

    /// <summary>Builds and runs the host; a configuration error, in the build or at start, ends it with exit code 2.</summary>
    /// <param name="build">Builds the host (options read while building fail here too).</param>
    /// <param name="error">Where the configuration error goes; standard error by default.</param>
    /// <param name="cancellationToken">Stops the host.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(Func<IHost> build, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        IHost? host = null;
        try
        {
            host = build();
            ValidateConfiguration(host.Services);
            // A shared crawl's Redis is reached now, so an unreachable one is one line naming its address too.
            await SharedCrawlStartup.ConnectAsync(host.Services, cancellationToken).ConfigureAwait(false);
            // RunAsync disposes the host: take the status first.
            var exit = host.Services.GetRequiredService<ScraperExitStatus>();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return exit.ExitCode;
        }
        catch (Exception ex) when (ConfigurationError.Describe(ex) is { } reason)
        {
            await (error ?? Console.Error).WriteLineAsync($"Invalid configuration: {reason}").ConfigureAwait(false);
            return ExitCodes.InvalidConfiguration;
        }
        finally
        {
            host?.Dispose();
        }
    }

    /// <summary>
    /// Checks every setting before the host starts, so a bad value is reported as one line instead of the host's
    /// "Hosting failed to start" with a stack trace: the options validated on start (the host's and the
    /// executable's own), then each spider's crawl settings, bound and validated as its run will bind them.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <exception cref="OptionsValidationException">A setting is invalid (the message names its key).</exception>
    public static void ValidateConfiguration(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.GetService<IStartupValidator>()?.Validate();
        if (services.GetService<ISpiderRunner>() is { } runner)
        {
            foreach (var spider in services.GetServices<SpiderType>())
            {
                runner.OptionsFor(runner.NameOf(spider.Type));
            }
        }
    }
}
