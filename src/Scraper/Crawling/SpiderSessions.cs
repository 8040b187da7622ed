using Scraper.Http;

namespace Scraper.Crawling;

/// <summary>The named sessions a spider declares; a request picks one with <see cref="Request.Session"/>.</summary>
public sealed class SpiderSessions
{
    /// <summary>The name of the session every spider has.</summary>
    public const string DefaultName = "default";

    private readonly Dictionary<string, Action<SessionOptions>> _sessions = new(StringComparer.Ordinal)
    {
        [DefaultName] = static _ => { },
    };

    /// <summary>Gets the declared session names.</summary>
    public IReadOnlyCollection<string> Names => _sessions.Keys;

    /// <summary>Declares a session, or adds configuration to one (the default one included).</summary>
    /// <param name="name">The session's name.</param>
    /// <param name="configure">Sets its options (headers, auth, cookie file...) over the crawl's defaults.</param>
    /// <returns>This object, for chaining.</returns>
    public SpiderSessions Add(string name, Action<SessionOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var previous = _sessions.GetValueOrDefault(name);
        _sessions[name] = options =>
        {
            previous?.Invoke(options);
            configure?.Invoke(options);
        };
        return this;
    }

    internal void Configure(string name, SessionOptions options)
    {
        if (!_sessions.TryGetValue(name, out var configure))
        {
            throw new InvalidOperationException($"No session named '{name}' is declared; declare it in ConfigureSessions.");
        }

        configure(options);
    }
}
