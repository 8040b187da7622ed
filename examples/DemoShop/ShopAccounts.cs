using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DemoShop;

/// <summary>The shop's visitors and logins: CSRF tokens bound to a visitor cookie, and login sessions that may expire.</summary>
internal sealed class ShopAccounts(DemoShopOptions options)
{
    public const string VisitorCookie = "visitor";
    public const string SessionCookie = "shop_session";

    private readonly ConcurrentDictionary<string, string> _csrfByVisitor = new();
    private readonly ConcurrentDictionary<string, LoginSession> _sessions = new();
    private readonly ConcurrentDictionary<string, string> _apiTokens = new();
    private int _logins;

    public int Logins => Volatile.Read(ref _logins);

    public string CsrfTokenFor(string visitor) => _csrfByVisitor.GetOrAdd(visitor, _ => NewToken());

    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public string? LogIn(string? visitor, string? csrf, string? username, string? password)
    {
        if (visitor is null || csrf is null || !_csrfByVisitor.TryGetValue(visitor, out var expected) || expected != csrf
            || username != options.Username || password != options.Password)
        {
            return null;
        }

        Interlocked.Increment(ref _logins);
        var id = NewToken();
        _sessions[id] = new LoginSession(username);
        return id;
    }

    public void LogOut(string? session)
    {
        if (session is not null)
        {
            _sessions.TryRemove(session, out _);
        }
    }

    /// <summary>Returns the user of a valid session, counting the page it serves; a session past its page limit ends.</summary>
    public string? UserFor(string? session, bool countPage)
    {
        if (session is null || !_sessions.TryGetValue(session, out var login))
        {
            return null;
        }

        if (countPage && options.SessionPageLimit > 0 && Interlocked.Increment(ref login.PagesServed) > options.SessionPageLimit)
        {
            _sessions.TryRemove(session, out _);
            return null;
        }

        return login.User;
    }

    public string? IssueApiToken(string? username, string? password)
    {
        if (username != options.Username || password != options.Password)
        {
            return null;
        }

        var token = NewToken();
        _apiTokens[token] = username;
        return token;
    }

    public bool IsApiToken(string? token) => token is not null && _apiTokens.ContainsKey(token);

    private sealed class LoginSession(string user)
    {
        public string User { get; } = user;

        public int PagesServed;
    }
}
