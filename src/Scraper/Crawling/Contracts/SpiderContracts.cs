using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using Scraper.Http;
using Scraper.Items;

namespace Scraper.Crawling.Contracts;

/// <summary>
/// Runs a spider's contracts (Scrapy's <c>scrapy check</c>): for every callback marked with
/// <see cref="ContractAttribute"/>, fetches its sample page through one session (logged in first when the spider
/// logs in), runs the callback, and compares what it yields with <see cref="ReturnsAttribute"/> and
/// <see cref="ScrapesAttribute"/>. A project's Program runs it on <c>--check</c>, which is what <c>scraper check</c> calls.
/// </summary>
public static class SpiderContracts
{
    private const BindingFlags Callbacks = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>Runs the contracts and writes one PASS/FAIL line per callback and a summary.</summary>
    /// <typeparam name="TSpider">The spider's type, whose methods carry the contracts.</typeparam>
    /// <param name="spider">The spider.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The exit code: 0 when every contract passed, 1 when one failed or there are none.</returns>
    public static async Task<int> CheckAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods)] TSpider>(
        TSpider spider, TextWriter output, CancellationToken cancellationToken = default)
        where TSpider : Spider
    {
        ArgumentNullException.ThrowIfNull(output);
        var results = await RunAsync(spider, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            await output.WriteLineAsync(result.ToString()).ConfigureAwait(false);
        }

        var failed = results.Count(result => !result.Passed);
        await output.WriteLineAsync(results.Count == 0
            ? $"Spider '{spider.Name}' has no [Contract] callbacks."
            : $"{results.Count - failed} passed, {failed} failed").ConfigureAwait(false);
        return results.Count > 0 && failed == 0 ? 0 : 1;
    }

    /// <summary>Runs the contracts.</summary>
    /// <typeparam name="TSpider">The spider's type, whose methods carry the contracts.</typeparam>
    /// <param name="spider">The spider.</param>
    /// <param name="session">The session to fetch with; a new one with default options (closed afterwards) when null.</param>
    /// <param name="itemJson">How items are read for <see cref="ScrapesAttribute"/>; the exporters' defaults when null.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>One result per contracted callback, in declaration order.</returns>
    public static async Task<IReadOnlyList<ContractResult>> RunAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods)] TSpider>(
        TSpider spider, Session? session = null, JsonSerializerOptions? itemJson = null, CancellationToken cancellationToken = default)
        where TSpider : Spider
    {
        ArgumentNullException.ThrowIfNull(spider);
        var methods = typeof(TSpider).GetMethods(Callbacks)
            .Where(method => method.GetCustomAttribute<ContractAttribute>() is not null)
            .OrderBy(method => method.MetadataToken)
            .ToList();
        var results = new List<ContractResult>(methods.Count);
        if (methods.Count == 0)
        {
            return results;
        }

        var owned = session is null ? new Session() : null;
        try
        {
            var check = new ContractCheck(spider, session ?? owned!, itemJson ?? ItemExporter.DefaultJsonOptions);
            var login = await check.LogInAsync(cancellationToken).ConfigureAwait(false);
            foreach (var method in methods)
            {
                results.Add(login is null
                    ? await check.RunAsync(method, cancellationToken).ConfigureAwait(false)
                    : new ContractResult(method.Name, check.UrlOf(method), 0, 0, [login]));
            }
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync().ConfigureAwait(false);
            }
        }

        return results;
    }
}
