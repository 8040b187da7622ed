using Scraper.Hosting.Status;

namespace Scraper.Playwright.Tests;

public sealed class StatusOptionsTests
{
    private static string? Failure(StatusOptions options) =>
        new StatusOptionsValidator().Validate(null, options).FailureMessage;

    [Fact]
    public void Validate_NoUrl_IsOff()
    {
        Assert.Null(Failure(new StatusOptions()));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://[::1]:8080/")]
    public void Validate_Loopback_NeedsNoToken(string url)
    {
        Assert.Null(Failure(new StatusOptions { Url = url }));
    }

    [Fact]
    public void Validate_OtherAddressWithoutAllowRemote_FailsNamingTheKey()
    {
        Assert.Contains("Scraper:Status:AllowRemote", Failure(new StatusOptions { Url = "http://0.0.0.0:8080/" }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OtherAddressWithoutToken_FailsNamingTheKey()
    {
        Assert.Contains("Scraper:Status:Token must be set", Failure(new StatusOptions { Url = "http://192.0.2.10:8080/", AllowRemote = true }), StringComparison.Ordinal);
        Assert.Null(Failure(new StatusOptions { Url = "http://192.0.2.10:8080/", AllowRemote = true, Token = "a-long-enough-token-123" }));
    }

    [Theory]
    [InlineData("https://127.0.0.1:8080/")]
    [InlineData("http://127.0.0.1:8080/status")]
    [InlineData("http://status.example:8080/")]
    [InlineData("http://localhost:0/")]
    public void Validate_UrlItCannotServe_FailsNamingTheKey(string url)
    {
        Assert.Contains("Scraper:Status:Url", Failure(new StatusOptions { Url = url }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ShortToken_FailsNamingTheKey()
    {
        Assert.Contains("Scraper:Status:Token", Failure(new StatusOptions { Url = "http://127.0.0.1:8080/", Token = "short" }), StringComparison.Ordinal);
    }
}
