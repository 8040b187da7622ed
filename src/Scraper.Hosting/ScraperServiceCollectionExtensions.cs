using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scraper.Crawling;
using Scraper.Crawling.Downloading;
using Scraper.Crawling.Downloading.HttpCache;
using Scraper.Hosting;
using Scraper.Hosting.Operations;
using Scraper.Items;
using Scraper.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Scraper in a host: <c>services.AddScraper(config.GetSection("Scraper")).AddSpider&lt;ShopSpider&gt;()</c>.</summary>
public static class ScraperServiceCollectionExtensions
{
    /// <summary>
    /// Adds the spider runner and the hosted service that runs spiders once or on schedules, with options bound
    /// from <paramref name="configuration"/> (the <c>Scraper</c> section) and validated at start.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The <c>Scraper</c> configuration section.</param>
    /// <returns>A builder to add spiders, pipelines and exporters.</returns>
    public static IScraperBuilder AddScraper(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ScraperHostOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScraperHostOptions>, ScraperHostOptionsValidator>());
        // The command line wins over every file, per spider too: its values are laid over each spider's section.
        services.TryAddSingleton(sp => new CommandLineOverrides(configuration, sp.GetService<IConfiguration>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<ScraperHostOptions>, SpiderHostOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<CrawlOptions>, CrawlOptionsSetup>(
            sp => new CrawlOptionsSetup(configuration, sp.GetRequiredService<CommandLineOverrides>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrawlOptions>>(new CrawlOptionsValidator(configuration)));
        services.AddOptions<HttpCacheOptions>().Bind(configuration.GetSection(HttpCacheOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpCacheOptions>, HttpCacheOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RunHistory>();
        services.TryAddSingleton<CrawlJobs>();
        services.TryAddSingleton<SharedCrawl>();
        services.TryAddSingleton<ISpiderRunner, SpiderRunner>();
        services.TryAddSingleton<ScraperShutdown>();
        services.TryAddSingleton<ScraperExitStatus>();
        AddOperations(services, configuration);
        // The host must wait for a crawl's own graceful stop (drain, flush, save) before it gives up.
        services.AddOptions<HostOptions>().Configure<IOptions<ScraperHostOptions>>(
            (host, scraper) => host.ShutdownTimeout = scraper.Value.ShutdownTimeout + TimeSpan.FromSeconds(5));
        // Before the spiders: a shared crawl's Redis is reached at start, or the start fails naming it.
        services.AddHostedService<SharedCrawlStartup>();
        services.AddHostedService<ScraperHostedService>();
        return new ScraperBuilder(services);
    }

    /// <summary>Adds a spider; it is created from the container for each run.</summary>
    /// <typeparam name="TSpider">The spider type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IScraperBuilder AddSpider<TSpider>(this IScraperBuilder builder)
        where TSpider : Spider
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddTransient<TSpider>();
        builder.Services.AddSingleton(new SpiderType(typeof(TSpider)));
        return builder;
    }

    /// <summary>Adds an item pipeline stage; stages run in the order they are added, a new instance each run.</summary>
    /// <typeparam name="TPipeline">The stage type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IScraperBuilder AddPipeline<TPipeline>(this IScraperBuilder builder)
        where TPipeline : class, IItemPipeline
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddTransient<IItemPipeline, TPipeline>();
        return builder;
    }

    /// <summary>
    /// Adds a download middleware to every crawl (a new instance each run, with its dependencies from the
    /// container), placed among the built-in ones by its <see cref="IDownloadMiddleware.Order"/>.
    /// </summary>
    /// <typeparam name="TMiddleware">The middleware type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IScraperBuilder AddDownloadMiddleware<TMiddleware>(this IScraperBuilder builder)
        where TMiddleware : class, IDownloadMiddleware
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddTransient<IDownloadMiddleware, TMiddleware>();
        return builder;
    }

    /// <summary>Adds a download handler, tried before HTTP through the session (a new instance each run).</summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IScraperBuilder AddDownloadHandler<THandler>(this IScraperBuilder builder)
        where THandler : class, IDownloadHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddTransient<IDownloadHandler, THandler>();
        return builder;
    }

    /// <summary>
    /// Turns the HTTP cache on for every spider, as <c>--cache</c> or <c>Scraper:HttpCache:Enabled</c> do; the
    /// <c>Scraper:HttpCache</c> section still binds, and <paramref name="configure"/> runs after it.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes the settings (policy, folder, expiration) in code.</param>
    /// <returns>The builder.</returns>
    public static IScraperBuilder AddHttpCache(this IScraperBuilder builder, Action<HttpCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.PostConfigure<HttpCacheOptions>(options =>
        {
            options.Enabled = true;
            configure?.Invoke(options);
        });
        return builder;
    }

    /// <summary>
    /// What the operator sees: the instruments shared by every run, the scheduler's state, alerts on runs, health
    /// checks (<c>live</c>: host and scheduler; <c>ready</c>: last runs, the store and a shared crawl's Redis), the systemd watchdog, and the
    /// OpenTelemetry export when <c>Scraper:Telemetry</c> turns it on.
    /// </summary>
    private static void AddOperations(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(sp => new ScraperMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<SpiderRuns>();
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.SectionName)).ValidateOnStart();
        services.AddOptions<AlertOptions>().Validate(
            alerts => alerts.MinItemsRatio is >= 0 and <= 1,
            $"Scraper:{AlertOptions.SectionName}:MinItemsRatio must be between 0 and 1 (0 turns the items alert off).");
        services.TryAddSingleton<RunAlerts>();
        services.AddHealthChecks()
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [SchedulerHealthCheck.Tag])
            .AddCheck<RunsHealthCheck>("runs", tags: [RunsHealthCheck.Tag])
            .AddCheck<StoreHealthCheck>("store", tags: [RunsHealthCheck.Tag])
            .AddCheck<RedisHealthCheck>("redis", tags: [RunsHealthCheck.Tag]);
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<SystemdWatchdog>(sp));
        var telemetry = configuration.GetSection(TelemetryOptions.SectionName);
        services.AddOptions<TelemetryOptions>().Bind(telemetry).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());
        ScraperTelemetry.AddIfConfigured(services, telemetry);
    }

    private sealed class ScraperBuilder(IServiceCollection services) : IScraperBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
