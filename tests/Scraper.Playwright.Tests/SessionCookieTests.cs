using Scraper.Crawling;
using Scraper.Http.Cookies;

namespace Scraper.Playwright.Tests;

/// <summary>One session, both ways: the browser context and the session's jar hold the same cookies.</summary>
public sealed class SessionCookieTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Cookies_SetByDocumentCookie_AreSentByTheNextPlainHttpRequest()
    {
        string? echoed = null;
        var echo = new Request(browser.At("/echo-cookies"), response =>
        {
            echoed = response.SelectText("#cookies");
            return [];
        });
        var request = new Request(browser.At("/js-cookie"), _ => [echo]).Rendered(new RenderOptions { WaitFor = [RenderWait.ForSelector("#set")] });

        var result = await browser.CrawlAsync(request);

        Assert.Equal("jsToken=abc123", echoed);
        Assert.Equal(1, result.Stats.Events["playwright/pages"]);
    }

    [Fact]
    public async Task Cookies_SetOverHttp_AreSeenByTheRenderedPagesFetch()
    {
        string? price = null;
        var members = new Request(browser.At("/members"), response =>
        {
            price = response.SelectText("#price");
            return [];
        }).Rendered(new RenderOptions { WaitFor = [RenderWait.ForSelector("#price.loaded")] });
        var login = new Request(browser.At("/login"), _ => [members]);

        await browser.CrawlAsync(login);

        Assert.Equal("member price 9.99", price);
    }

    [Fact]
    public async Task Cookies_DeletedByAScript_AreNoLongerSentOverHttp()
    {
        var echoes = new List<string?>();
        Request Echo(Func<IEnumerable<Request>> next) => new(browser.At("/echo-cookies"), response =>
        {
            echoes.Add(response.SelectText("#cookies"));
            return next();
        }) { DontFilter = true };
        var logout = new Request(browser.At("/js-logout"), _ => [Echo(() => [])]).Rendered(new RenderOptions { WaitFor = [RenderWait.ForSelector("#gone")] });
        var login = new Request(browser.At("/js-cookie"), _ => [Echo(() => [logout])]).Rendered(new RenderOptions { WaitFor = [RenderWait.ForSelector("#set")] });

        await browser.CrawlAsync(login);

        Assert.Equal(["jsToken=abc123", string.Empty], echoes);
    }

    [Fact]
    public async Task Cookies_DeletedOverHttp_AreGoneFromTheBrowserToo()
    {
        var prices = new List<string?>();
        Request Members(Func<IEnumerable<Request>> next) => new Request(browser.At("/members"), response =>
        {
            prices.Add(response.SelectText("#price"));
            return next();
        }) { DontFilter = true }.Rendered(new RenderOptions { WaitFor = [RenderWait.ForSelector("#price.loaded")] });
        var logout = new Request(browser.At("/http-logout"), _ => [Members(() => [])]);
        var login = new Request(browser.At("/login"), _ => [Members(() => [logout])]);

        await browser.CrawlAsync(login);

        Assert.Equal(["member price 9.99", "guest"], prices);
    }

    [Fact]
    public async Task Cookies_WithoutHttpLogin_RenderedPageSeesNoMemberPrice()
    {
        string? price = null;
        var members = new Request(browser.At("/members"), response =>
        {
            price = response.SelectText("#price");
            return [];
        }).Rendered(new RenderOptions { WaitFor = [RenderWait.ForSelector("#price.loaded")] });

        await browser.CrawlAsync(members);

        Assert.Equal("guest", price);
    }

    [Fact]
    public void CookieSync_JarCookies_KeepHostOnlyPathSecureHttpOnlySameSiteAndExpiry()
    {
        var jar = new CookieJar();
        var expires = DateTimeOffset.UtcNow.AddHours(2);
        jar.Set(new StoredCookie("host", "1", "shop.test", "/") { HostOnly = true, SameSite = CookieSameSite.Strict, Expires = expires });
        jar.Set(new StoredCookie("wide", "2", "shop.test", "/cart") { HttpOnly = true, SameSite = CookieSameSite.Lax });
        jar.Set(new StoredCookie("safe", "3", "shop.test", "/") { Secure = true, SameSite = CookieSameSite.None, HostOnly = true });
        jar.Set(new StoredCookie("other", "4", "elsewhere.test", "/"));

        var cookies = CookieSync.ToBrowser(jar, new Uri("https://shop.test/")).ToDictionary(c => c.Name);

        Assert.Equal(["host", "safe", "wide"], cookies.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("shop.test", cookies["host"].Domain);
        Assert.Equal(expires.ToUnixTimeSeconds(), cookies["host"].Expires);
        Assert.Equal(Microsoft.Playwright.SameSiteAttribute.Strict, cookies["host"].SameSite);
        Assert.Equal(".shop.test", cookies["wide"].Domain);
        Assert.Equal("/cart", cookies["wide"].Path);
        Assert.True(cookies["wide"].HttpOnly);
        Assert.Null(cookies["wide"].Expires);
        Assert.True(cookies["safe"].Secure);
        Assert.Equal(Microsoft.Playwright.SameSiteAttribute.None, cookies["safe"].SameSite);
    }

    [Fact]
    public async Task Cookies_JarAttributesHoldInTheBrowser_PathAndHttpOnlyRespected()
    {
        string? header = null;
        string? script = null;
        var echo = new Request(browser.At("/echo-cookies"), response =>
        {
            header = response.SelectText("#cookies");
            script = response.SelectText("#script");
            return [];
        }).Rendered();
        var host = browser.At("/").Host;
        var spider = new CookieSpider(echo, jar =>
        {
            jar.Set(new StoredCookie("visible", "v", host, "/") { HostOnly = true });
            jar.Set(new StoredCookie("hidden", "h", host, "/") { HostOnly = true, HttpOnly = true });
            jar.Set(new StoredCookie("elsewhere", "e", host, "/other") { HostOnly = true });
            jar.Set(new StoredCookie("tls", "t", host, "/") { HostOnly = true, Secure = true });
        });

        await browser.CrawlAsync(spider);

        Assert.Equal(["hidden=h", "visible=v"], header!.Split("; ").Order(StringComparer.Ordinal));
        Assert.Equal("visible=v", script);
    }

    [Fact]
    public async Task Headers_SessionUserAgentAndDefaultHeaders_AreTheBrowsers()
    {
        string? agent = null;
        string? language = null;
        var echo = new Request(browser.At("/echo-agent"), response =>
        {
            agent = response.SelectText("#agent");
            language = response.SelectText("#lang");
            return [];
        }).Rendered();

        var options = BrowserFixture.Options();
        options.Session.DefaultHeaders["Accept-Language"] = "nl-BE";
        options.Session.DefaultHeaders["User-Agent"] = "shop-bot/2.0";

        await browser.CrawlAsync(options, echo);

        Assert.Equal("shop-bot/2.0", agent);
        Assert.Equal("nl-BE", language);
    }

    /// <summary>A spider whose session starts with cookies in its jar, as after a login or a restored cookie file.</summary>
    private sealed class CookieSpider(Request start, Action<CookieJar> seed) : Spider
    {
        public override async IAsyncEnumerable<Request> StartRequestsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return start;
        }

        public override Task LoginAsync(Http.Session session, CancellationToken cancellationToken = default)
        {
            seed(session.Cookies);
            return Task.CompletedTask;
        }
    }
}
