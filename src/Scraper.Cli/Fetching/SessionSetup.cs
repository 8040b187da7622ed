using System.CommandLine;
using Scraper.Http;

namespace Scraper.Cli.Fetching;

/// <summary>
/// The options every command that fetches shares (<c>--session</c>, <c>-H</c>, <c>--timeout</c>, <c>--state</c>),
/// and the session they describe.
/// </summary>
internal sealed class SessionSetup
{
    public Option<string?> SessionName { get; } = new("--session")
    {
        Description = "Reuse and keep the cookies a crawl saved: SPIDER (its default session), SPIDER/SESSION, or a path to a .cookies.json file",
    };

    public Option<string[]> Headers { get; } = new("--header", "-H")
    {
        Description = "A header sent with every request, as \"Name: value\" (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds one request may take",
        DefaultValueFactory = _ => 30,
    };

    public Option<string> StateDirectory { get; } = new("--state")
    {
        Description = "The scraper's state folder, where --session names are looked up",
        DefaultValueFactory = _ => "state",
    };

    /// <summary>Adds the options to a command.</summary>
    /// <param name="command">The command.</param>
    public void AddTo(Command command)
    {
        command.Options.Add(SessionName);
        command.Options.Add(Headers);
        command.Options.Add(Timeout);
        command.Options.Add(StateDirectory);
    }

    /// <summary>Creates the session the parsed options describe.</summary>
    /// <param name="result">The parse result.</param>
    /// <returns>The session; the caller disposes it (which saves the cookies of a named session).</returns>
    /// <exception cref="ArgumentException">A header or the timeout is invalid; the message says which.</exception>
    public Session Create(ParseResult result)
    {
        var seconds = result.GetValue(Timeout);
        if (!(seconds > 0) || double.IsInfinity(seconds))
        {
            throw new ArgumentException($"--timeout must be a positive number of seconds, not {seconds}.");
        }

        var options = new SessionOptions
        {
            Timeout = TimeSpan.FromSeconds(seconds),
            CookieFile = CookieFileFor(result.GetValue(SessionName), result.GetValue(StateDirectory) ?? "state"),
        };
        // One quick try: a command line answers now or says why; the crawl is where retries belong.
        options.Retry.MaxRetries = 0;
        foreach (var header in result.GetValue(Headers) ?? [])
        {
            var (name, value) = ParseHeader(header);
            options.DefaultHeaders[name] = value;
        }

        return new Session(options);
    }

    /// <summary>
    /// Finds the cookie file of a saved session where the hosting layer keeps it:
    /// <c>{state}/sessions/{spider}/{session}.cookies.json</c>.
    /// </summary>
    /// <param name="name">SPIDER, SPIDER/SESSION or a path ending in .json; null for none.</param>
    /// <param name="stateDirectory">The state folder.</param>
    /// <returns>The file, or null.</returns>
    internal static string? CookieFileFor(string? name, string stateDirectory)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return Path.GetFullPath(name);
        }

        var parts = name.Split('/', 2);
        var session = parts.Length == 2 && parts[1].Length > 0 ? parts[1] : "default";
        if (parts[0].Length == 0 || parts[0] is "." or ".." || session.Contains('/', StringComparison.Ordinal) || session is "." or "..")
        {
            throw new ArgumentException($"--session '{name}' must be SPIDER, SPIDER/SESSION or a .json file.");
        }

        return Path.GetFullPath(Path.Combine(stateDirectory, "sessions", parts[0], session + ".cookies.json"));
    }

    /// <summary>Splits a "Name: value" header; the session's header rules then reject CR/LF and bad names.</summary>
    /// <param name="header">The header as typed.</param>
    /// <returns>The name and value.</returns>
    internal static (string Name, string Value) ParseHeader(string header)
    {
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new ArgumentException($"-H '{header}' must be \"Name: value\".");
        }

        return (header[..colon].Trim(), header[(colon + 1)..].Trim());
    }
}
