using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DemoShop;

/// <summary>
/// The shop's visitors and logins: CSRF tokens bound to a visitor cookie, and login sessions that may expire; with a
/// <see cref="ShopState"/>, the password and the login sessions outlive the process.
/// </summary>
internal sealed class ShopAccounts
{
    public const string VisitorCookie = "visitor";
    public const string SessionCookie = "shop_session";

    private readonly ConcurrentDictionary<string, string> _csrfByVisitor = new();
    private readonly ConcurrentDictionary<string, LoginSession> _sessions = new();
    private readonly ConcurrentDictionary<string, string> _apiTokens = new();
    private readonly DemoShopOptions _options;
    private readonly ShopState? _state;
    private readonly TimeProvider _time;
    private int _logins;

    public ShopAccounts(DemoShopOptions options, ShopState? state = null, TimeProvider? timeProvider = null)
    {
        _options = options;
        _state = state;
        _time = timeProvider ?? TimeProvider.System;
        Password = options.Password ?? state?.Saved.Password ?? NewToken();
        foreach (var (id, login) in state?.Saved.Sessions ?? [])
        {
            _sessions[id] = new LoginSession(login.User, login.LoggedInAt);
        }
    }

    /// <summary>Gets the account's password: the configured one, else the saved one, else one made up at start.</summary>
    public string Password { get; }

    public int Logins => Volatile.Read(ref _logins);

    public string CsrfTokenFor(string visitor) => _csrfByVisitor.GetOrAdd(visitor, _ => NewToken());

    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public async Task<string?> LogInAsync(string? visitor, string? csrf, string? username, string? password, CancellationToken cancellationToken)
    {
        if (visitor is null || csrf is null || !_csrfByVisitor.TryGetValue(visitor, out var expected) || expected != csrf
            || username != _options.Username || password != Password)
        {
            return null;
        }

        Interlocked.Increment(ref _logins);
        var id = NewToken();
        _sessions[id] = new LoginSession(username, _time.GetUtcNow());
        await SaveAsync(cancellationToken);
        return id;
    }

    public async Task LogOutAsync(string? session, CancellationToken cancellationToken)
    {
        if (session is not null && _sessions.TryRemove(session, out _))
        {
            await SaveAsync(cancellationToken);
        }
    }

    /// <summary>Ends every login session; their cookies are a guest's from now on.</summary>
    public async Task RevokeAllAsync(CancellationToken cancellationToken)
    {
        _sessions.Clear();
        await SaveAsync(cancellationToken);
    }

    /// <summary>Returns the user of a valid session, counting the page it serves; a session past its page limit ends.</summary>
    public string? UserFor(string? session, bool countPage)
    {
        if (session is null || !_sessions.TryGetValue(session, out var login))
        {
            return null;
        }

        if (_options.SessionLifetime is { } lifetime && _time.GetUtcNow() - login.LoggedInAt > lifetime)
        {
            _sessions.TryRemove(session, out _);
            return null;
        }

        // The page limit (a test knob) counts this process's pages only: a saved session starts each run afresh.
        if (countPage && _options.SessionPageLimit > 0 && Interlocked.Increment(ref login.PagesServed) > _options.SessionPageLimit)
        {
            _sessions.TryRemove(session, out _);
            return null;
        }

        return login.User;
    }

    public string? IssueApiToken(string? username, string? password)
    {
        if (username != _options.Username || password != Password)
        {
            return null;
        }

        var token = NewToken();
        _apiTokens[token] = username;
        return token;
    }

    public bool IsApiToken(string? token) => token is not null && _apiTokens.ContainsKey(token);

    private Task SaveAsync(CancellationToken cancellationToken) =>
        _state?.SaveAsync(_sessions.ToDictionary(pair => pair.Key, pair => new SavedLogin(pair.Value.User, pair.Value.LoggedInAt)), cancellationToken) ?? Task.CompletedTask;

    private sealed class LoginSession(string user, DateTimeOffset loggedInAt)
    {
        public string User { get; } = user;

        public DateTimeOffset LoggedInAt { get; } = loggedInAt;

        public int PagesServed;
    }
}
