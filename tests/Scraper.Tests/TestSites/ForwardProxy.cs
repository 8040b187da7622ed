using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Scraper.Tests.TestSites;

/// <summary>What a <see cref="ForwardProxy"/> does with the requests it gets.</summary>
internal enum ProxyMode
{
    /// <summary>Forwards them to their target.</summary>
    Forward,

    /// <summary>Answers 403 itself, as a site does to an address it blocks.</summary>
    Block,

    /// <summary>Drops the connection without an answer, as a dead proxy does.</summary>
    Drop,
}

/// <summary>
/// A tiny HTTP forward proxy on loopback (Kestrel): it takes absolute-form requests
/// (<c>GET http://127.0.0.1:port/path HTTP/1.1</c>), asks for Basic credentials when it has some (407), and
/// forwards what it accepts, adding <c>Via: 1.1 name</c>. It counts and records what it forwards.
/// </summary>
internal sealed class ForwardProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authorization", "Proxy-Connection", "Proxy-Authenticate", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly HttpClient _upstream = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false });
    private readonly string? _expectedAuthorization;
    private KestrelSite? _site;
    private int _forwarded;
    private int _refused;
    private volatile ProxyMode _mode;

    private ForwardProxy(string name, string? user, string? password)
    {
        Name = name;
        User = user;
        Password = password;
        _expectedAuthorization = user is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
    }

    public string Name { get; }

    public string? User { get; }

    public string? Password { get; }

    public ProxyMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    /// <summary>Gets how many requests it forwarded to their target.</summary>
    public int Forwarded => Volatile.Read(ref _forwarded);

    /// <summary>Gets how many requests it blocked or dropped.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Gets the target URL of each forwarded request.</summary>
    public ConcurrentQueue<string> Targets { get; } = new();

    /// <summary>Gets the Proxy-Authorization of each forwarded request (null when none came).</summary>
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    /// <summary>Gets <c>host:port</c>.</summary>
    public string Authority => _site!.Address.Authority;

    /// <summary>Gets the proxy's URL as configured: with its credentials in the user info when it has some.</summary>
    public string Url => User is null ? $"http://{Authority}" : $"http://{Uri.EscapeDataString(User)}:{Uri.EscapeDataString(Password!)}@{Authority}";

    public static async Task<ForwardProxy> StartAsync(string name, string? user = null, string? password = null)
    {
        var proxy = new ForwardProxy(name, user, password);
        proxy._site = await KestrelSite.StartAsync(app => app.Run(proxy.HandleAsync));
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        if (!target.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            // Not a proxy request: a client that went to the proxy as if it were the site.
            context.Response.StatusCode = 400;
            return;
        }

        var authorization = context.Request.Headers.ProxyAuthorization.ToString();
        if (_expectedAuthorization is not null && authorization != _expectedAuthorization)
        {
            context.Response.StatusCode = 407;
            context.Response.Headers.ProxyAuthenticate = "Basic realm=\"" + Name + "\"";
            return;
        }

        switch (Mode)
        {
            case ProxyMode.Block:
                Interlocked.Increment(ref _refused);
                context.Response.StatusCode = 403;
                return;
            case ProxyMode.Drop:
                Interlocked.Increment(ref _refused);
                context.Abort();
                return;
        }

        Interlocked.Increment(ref _forwarded);
        Targets.Enqueue(target);
        Authorizations.Enqueue(authorization.Length == 0 ? null : authorization);
        await ForwardAsync(context, new Uri(target));
    }

    private async Task ForwardAsync(HttpContext context, Uri target)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopByHop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        request.Headers.Via.ParseAdd("1.1 " + Name);
        using var response = await _upstream.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
