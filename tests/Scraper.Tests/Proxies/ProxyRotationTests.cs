using System.Net;
using System.Text;
using Scraper.Crawling;
using Scraper.Crawling.Downloading.Proxies;
using Scraper.Crawling.Engine;
using Scraper.Http;
using Scraper.Tests.TestSites;

namespace Scraper.Tests.Proxies;

/// <summary>Sessions tied to proxies, through two loopback forward proxies that count what they forward.</summary>
public sealed class ProxyRotationTests
{
    [Fact]
    public async Task Attach_TwoSessionsTwoProxies_EachSessionSticksToItsOwnProxy()
    {
        await using var site = await ProxyRig.StartSiteAsync();
        await using var first = await ForwardProxy.StartAsync("first");
        await using var second = await ForwardProxy.StartAsync("second");
        await using var rig = new ProxyRig(ProxyRig.Options(3, first, second), null, "a", "b");

        for (var i = 0; i < 3; i++)
        {
            Assert.Contains("via=1.1 first", await rig.GetTextAsync("a", site.At($"/a/{i}")), StringComparison.Ordinal);
            Assert.Contains("via=1.1 second", await rig.GetTextAsync("b", site.At($"/b/{i}")), StringComparison.Ordinal);
        }

        Assert.Equal(3, first.Forwarded);
        Assert.Equal(3, second.Forwarded);
        Assert.All(first.Targets, target => Assert.Contains("/a/", target, StringComparison.Ordinal));
        Assert.All(second.Targets, target => Assert.Contains("/b/", target, StringComparison.Ordinal));
        Assert.Equal(first.Authority, rig.Pool.KeyOf("a"));
        Assert.Equal(second.Authority, rig.Pool.KeyOf("b"));
    }

    [Fact]
    public async Task Credentials_N5_SentAsBasicProxyAuthorizationToTheirOwnProxyAndNeverLogged()
    {
        await using var site = await ProxyRig.StartSiteAsync();
        await using var first = await ForwardProxy.StartAsync("first", "alice", "pw-first-secret");
        await using var second = await ForwardProxy.StartAsync("second", "bob", "pw:second/secret");
        await using var rig = new ProxyRig(ProxyRig.Options(3, first, second), null, "a", "b");

        Assert.Equal(HttpStatusCode.OK, (await rig.GetAsync("a", site.At("/one"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await rig.GetAsync("b", site.At("/two"))).Status);

        Assert.Equal(Basic("alice", "pw-first-secret"), Assert.Single(first.Authorizations));
        Assert.Equal(Basic("bob", "pw:second/secret"), Assert.Single(second.Authorizations));
        var logs = rig.LogText;
        Assert.Contains($"http://{first.Authority}", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blocked_ProxyAnswering403s_IsRetiredAndItsSessionMovesWithItsCookiesAndTheOtherProxysCredentials()
    {
        await using var site = await ProxyRig.StartSiteAsync();
        await using var first = await ForwardProxy.StartAsync("first", "alice", "pw-first");
        await using var second = await ForwardProxy.StartAsync("second", "bob", "pw-second");
        await using var rig = new ProxyRig(ProxyRig.Options(2, first, second), null, "a");
        await rig.GetAsync("a", site.At("/set?who=a"));

        first.Mode = ProxyMode.Block;
        Assert.Equal(HttpStatusCode.Forbidden, (await rig.GetAsync("a", site.At("/x"))).Status);
        Assert.Equal(first.Authority, rig.Pool.KeyOf("a"));
        Assert.Equal(HttpStatusCode.Forbidden, (await rig.GetAsync("a", site.At("/y"))).Status);

        // The same session (same handler, same cookie jar) now goes through the second proxy, with its credentials.
        Assert.Equal(second.Authority, rig.Pool.KeyOf("a"));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("via=1.1 second cookie=sid=s-a", await rig.GetTextAsync("a", site.At($"/after/{i}")));
        }

        Assert.Equal(1, first.Forwarded);
        Assert.Equal(2, first.Refused);
        Assert.Equal(3, second.Forwarded);
        Assert.All(second.Authorizations, value => Assert.Equal(Basic("bob", "pw-second"), value));
        Assert.Equal(2, rig.Count("proxy/blocked"));
        Assert.Equal(1, rig.Count("proxy/retired"));
        Assert.Equal(1, rig.Count("proxy/moved"));
        Assert.Contains($"proxy http://{first.Authority} retired after 2 failures in a row (last: 403)", rig.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blocked_AnOrdinaryAnswerBetweenBlocks_StartsTheCountAgain()
    {
        await using var site = await ProxyRig.StartSiteAsync();
        await using var first = await ForwardProxy.StartAsync("first");
        await using var second = await ForwardProxy.StartAsync("second");
        await using var rig = new ProxyRig(ProxyRig.Options(2, first, second), null, "a");

        foreach (var mode in new[] { ProxyMode.Block, ProxyMode.Forward, ProxyMode.Block, ProxyMode.Forward })
        {
            first.Mode = mode;
            await rig.GetAsync("a", site.At("/p"));
        }

        Assert.Equal(first.Authority, rig.Pool.KeyOf("a"));
        Assert.Equal(0, rig.Count("proxy/retired"));
        Assert.Equal(0, second.Forwarded);
    }

    [Fact]
    public async Task Dropped_ProxyDroppingConnections_IsRetiredAndTheRequestFailsAsAConnectionError()
    {
        await using var site = await ProxyRig.StartSiteAsync();
        await using var first = await ForwardProxy.StartAsync("first");
        await using var second = await ForwardProxy.StartAsync("second");
        await using var rig = new ProxyRig(ProxyRig.Options(2, first, second), null, "a");
        first.Mode = ProxyMode.Drop;

        await Assert.ThrowsAsync<SessionConnectionException>(() => rig.GetAsync("a", site.At("/1")));
        await Assert.ThrowsAsync<SessionConnectionException>(() => rig.GetAsync("a", site.At("/2")));

        Assert.Contains("via=1.1 second", await rig.GetTextAsync("a", site.At("/3")), StringComparison.Ordinal);
        Assert.Equal(2, rig.Count("proxy/failed"));
        Assert.Equal(1, rig.Count("proxy/retired"));
    }

    [Fact]
    public async Task WrongCredentials_Proxy407_CountsAgainstTheProxy()
    {
        await using var site = await ProxyRig.StartSiteAsync();
        await using var strict = await ForwardProxy.StartAsync("strict", "alice", "right");
        await using var second = await ForwardProxy.StartAsync("second");
        var options = ProxyRig.Options(1, second);
        options.Urls.Insert(0, $"http://alice:wrong@{strict.Authority}");
        await using var rig = new ProxyRig(options, null, "a");

        Assert.Equal(HttpStatusCode.ProxyAuthenticationRequired, (await rig.GetAsync("a", site.At("/1"))).Status);

        Assert.Equal(second.Authority, rig.Pool.KeyOf("a"));
        Assert.Equal(0, strict.Forwarded);
        Assert.Equal(0, rig.Count("proxy/blocked"));
        Assert.Equal(1, rig.Count("proxy/failed"));
    }

    [Fact]
    public async Task Exhausted_EveryProxyRetiredForGood_RequestsFailWithoutBeingSentAndAreCounted()
    {
        await using var site = await ProxyRig.StartSiteAsync();
        await using var only = await ForwardProxy.StartAsync("only");
        await using var rig = new ProxyRig(ProxyRig.Options(1, only), null, "a", "b");
        only.Mode = ProxyMode.Block;
        await rig.GetAsync("a", site.At("/1"));

        var error = await Assert.ThrowsAsync<ProxiesExhaustedException>(() => rig.GetAsync("a", site.At("/2")));
        await Assert.ThrowsAsync<ProxiesExhaustedException>(() => rig.GetAsync("b", site.At("/3")));

        Assert.Equal(1, only.Refused);
        Assert.Equal(site.At("/2"), error.Url);
        Assert.Contains("all 1 proxies are retired", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, rig.Count("proxy/exhausted"));
        Assert.Single(rig.Logs.GetSnapshot(), record => record.Message.Contains("every proxy is retired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CoolDown_EveryProxyResting_RequestWaitsForTheFirstOneBack()
    {
        await using var site = await ProxyRig.StartSiteAsync();
        await using var only = await ForwardProxy.StartAsync("only");
        var time = new TimerWatchingTimeProvider();
        var options = ProxyRig.Options(1, only);
        options.CoolDown = TimeSpan.FromMinutes(5);
        await using var rig = new ProxyRig(options, time, "a");
        only.Mode = ProxyMode.Block;
        await rig.GetAsync("a", site.At("/1"));
        only.Mode = ProxyMode.Forward;

        var waiting = rig.GetAsync("a", site.At("/2"));
        await time.TimerCreated(TimeSpan.FromMinutes(5)).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(HttpStatusCode.OK, (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).Status);
        Assert.Equal(1, only.Forwarded);
        Assert.Equal(0, rig.Count("proxy/exhausted"));
        Assert.Contains("is back after its cool-down", rig.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidProxyUrl_NamesTheKeyAndNeverThePassword()
    {
        var options = new CrawlOptions();
        options.Proxies.Urls.Add("http://u:pw-secret@127.0.0.1:3128");
        options.Proxies.Urls.Add("ftp://u:pw-secret@127.0.0.1:21");

        var error = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Contains("'Scraper:Proxies:Urls:1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ftp://127.0.0.1:21", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-secret", error.Message, StringComparison.Ordinal);
        Assert.Equal("Proxies:Urls:1", error.ParamName);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("http://127.0.0.1:3128/path")]
    [InlineData("http://user:a%0Db@127.0.0.1:3128")]
    [InlineData("http://127.0.0.1:3128", "http://other:pw@127.0.0.1:3128")]
    public void Validate_MalformedOrRepeatedProxyUrl_RejectedNamingTheKey(params string[] urls)
    {
        var options = new CrawlOptions();
        foreach (var url in urls)
        {
            options.Proxies.Urls.Add(url);
        }

        Assert.Contains($"'Scraper:Proxies:Urls:{urls.Length - 1}'", Assert.Throws<ArgumentException>(() => options.Validate()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MaxFailuresZero_NamesTheKey()
    {
        var options = new CrawlOptions();
        options.Proxies.MaxFailures = 0;

        Assert.Contains("'Scraper:Proxies:MaxFailures'", Assert.Throws<ArgumentException>(() => options.Validate()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DomainSlots_SameHostThroughTwoProxies_GetsOneSlotPerProxyAndHost()
    {
        using var slots = new DomainSlots(new CrawlOptions(), TimeProvider.System);
        var url = new Uri("http://shop.test/a");

        var direct = slots.For(url);
        var first = slots.For(url, "127.0.0.1:1");
        var second = slots.For(url, "127.0.0.1:2");

        Assert.Equal("shop.test", direct.Key);
        Assert.Equal("shop.test via 127.0.0.1:1", first.Key);
        Assert.NotSame(first, second);
        Assert.Same(first, slots.For(new Uri("http://shop.test/b"), "127.0.0.1:1"));
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
