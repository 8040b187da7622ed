using System.Net;
using Microsoft.Extensions.Options;

namespace Scraper.Hosting.Status;

/// <summary>Checks <c>Scraper:Status</c> at start, naming the key: loopback unless allowed, and a token off loopback.</summary>
internal sealed class StatusOptionsValidator : IValidateOptions<StatusOptions>
{
    internal const int MinTokenLength = 16;
    private const string Prefix = StatusOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, StatusOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (EndpointOf(options.Url) is not { } endpoint)
        {
            failures.Add($"{Prefix}:Url '{options.Url}' must be http://, an IP address or localhost, and a port, with no path (http://127.0.0.1:8080/).");
        }
        else if (!endpoint.Loopback && !options.AllowRemote)
        {
            failures.Add($"{Prefix}:Url '{options.Url}' is not a loopback address: set {Prefix}:AllowRemote=true and {Prefix}:Token to serve the page to other machines.");
        }
        else if (!endpoint.Loopback && options.Token is null)
        {
            failures.Add($"{Prefix}:Token must be set ({MinTokenLength} characters or more) when {Prefix}:Url '{options.Url}' is not a loopback address.");
        }

        if (options.Token is { } token && (token.Length < MinTokenLength || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            failures.Add($"{Prefix}:Token must be {MinTokenLength} characters or more, without spaces or control characters.");
        }

        if (options.RefreshInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"{Prefix}:RefreshInterval must be at least 100 ms (it is {options.RefreshInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The address and port to listen on, or null when the URL is not one this page serves.</summary>
    internal static StatusEndpoint? EndpointOf(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "http" || uri.AbsolutePath != "/" || uri.Query.Length > 0 || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return null;
        }

        if (uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns)
        {
            // Kestrel takes no free port for localhost (it listens on two addresses); an IP address can have port 0.
            return uri.Host == "localhost" && uri.Port > 0 ? new StatusEndpoint(null, uri.Port, Loopback: true) : null;
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) ? new StatusEndpoint(address, uri.Port, IPAddress.IsLoopback(address)) : null;
    }
}

/// <summary>Where the page listens: an address (null: localhost) and a port (0: any free one).</summary>
internal sealed record StatusEndpoint(IPAddress? Address, int Port, bool Loopback);
