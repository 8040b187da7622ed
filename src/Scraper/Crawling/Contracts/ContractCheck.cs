using System.Reflection;
using System.Text.Json;
using Scraper.Http;

namespace Scraper.Crawling.Contracts;

/// <summary>One spider's contracts against one session: fetch the sample page, run the callback, compare.</summary>
internal sealed class ContractCheck(Spider spider, Session session, JsonSerializerOptions itemJson)
{
    /// <summary>Logs the session in when the spider logs in.</summary>
    /// <returns>Null when logged in (or no login is needed), else why the login failed.</returns>
    public async Task<string?> LogInAsync(CancellationToken cancellationToken)
    {
        if (!spider.HasLogin)
        {
            return null;
        }

        try
        {
            await spider.LoginAsync(session, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is SessionException or LoginFailedException or Forms.FormException)
        {
            return $"login failed: {ex.Message}";
        }
    }

    /// <summary>Resolves a contract's URL against the spider's first start URL.</summary>
    public Uri UrlOf(MethodInfo method)
    {
        var url = method.GetCustomAttribute<ContractAttribute>()!.Url;
        return spider.StartUrls.FirstOrDefault() is { } start ? new Uri(new Uri(start), url) : new Uri(url, UriKind.Absolute);
    }

    public async Task<ContractResult> RunAsync(MethodInfo method, CancellationToken cancellationToken)
    {
        var url = UrlOf(method);
        var failures = new List<string>();
        var (items, requests) = (new List<object>(), 0);
        try
        {
            var request = new Request(url) { State = method.GetCustomAttribute<ContractAttribute>()!.State };
            var response = new Response(request, await session.GetAsync(url.AbsoluteUri, cancellationToken).ConfigureAwait(false));
            if (!response.Inner.IsSuccessStatusCode)
            {
                // The engine hands callbacks 2xx pages only: a contract on anything else would check what never happens.
                failures.Add($"the sample page answered {(int)response.Status}");
            }
            else
            {
                await foreach (var value in Invoke(method, response, cancellationToken).ConfigureAwait(false))
                {
                    if (value is Request)
                    {
                        requests++;
                    }
                    else
                    {
                        items.Add(value);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is SessionException or InvalidOperationException or NotSupportedException or FormatException or ArgumentException or Forms.FormException)
        {
            failures.Add($"{ex.GetType().Name}: {ex.Message}");
        }

        if (failures.Count == 0)
        {
            failures.AddRange(method.GetCustomAttribute<ReturnsAttribute>()?.Check(items.Count, requests) ?? []);
            failures.AddRange(MissingFields(method.GetCustomAttribute<ScrapesAttribute>(), items));
        }

        return new ContractResult(method.Name, url, items.Count, requests, failures);
    }

    private async IAsyncEnumerable<object> Invoke(MethodInfo method, Response response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parameters = method.GetParameters();
        object? returned;
        try
        {
            returned = parameters.Length switch
            {
                1 when parameters[0].ParameterType == typeof(Response) => method.Invoke(spider, [response]),
                2 when parameters[0].ParameterType == typeof(Response) && parameters[1].ParameterType == typeof(CancellationToken) => method.Invoke(spider, [response, cancellationToken]),
                _ => throw new NotSupportedException($"{method.Name} is not a parse callback (Response[, CancellationToken])."),
            };
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw new InvalidOperationException($"{method.Name} threw {ex.InnerException.GetType().Name}: {ex.InnerException.Message}", ex.InnerException);
        }

        switch (returned)
        {
            case IAsyncEnumerable<object> stream:
                await foreach (var value in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    yield return value;
                }

                break;
            case IEnumerable<object> values:
                foreach (var value in values)
                {
                    yield return value;
                }

                break;
            default:
                throw new NotSupportedException($"{method.Name} returns {method.ReturnType.Name}, not IEnumerable<object> or IAsyncEnumerable<object>.");
        }
    }

    private IEnumerable<string> MissingFields(ScrapesAttribute? scrapes, List<object> items)
    {
        if (scrapes is null)
        {
            yield break;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var json = JsonSerializer.SerializeToElement(items[i], JsonContracts.For(itemJson, items[i].GetType(), "the contract's item JSON options"));
            foreach (var field in scrapes.Fields)
            {
                if (!HasValue(json, field))
                {
                    yield return $"item {i} has no {field}";
                }
            }
        }
    }

    private static bool HasValue(JsonElement item, string field)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in item.EnumerateObject())
        {
            if (property.Name.Equals(field, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind switch
                {
                    JsonValueKind.Null or JsonValueKind.Undefined => false,
                    JsonValueKind.String => property.Value.GetString()!.Length > 0,
                    JsonValueKind.Array => property.Value.GetArrayLength() > 0,
                    _ => true,
                };
            }
        }

        return false;
    }
}
