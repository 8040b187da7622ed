using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Scraper.Tests.TestSites;

/// <summary>A real Kestrel site on a free loopback port, for behaviour WireMock cannot show.</summary>
internal sealed class KestrelSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelSite(WebApplication app, Uri address, IReadOnlyList<Uri> addresses)
    {
        _app = app;
        Address = address;
        Addresses = addresses;
    }

    public Uri Address { get; }

    /// <summary>Gets every address the site listens on (more than <see cref="Address"/> when a configure step added listeners).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    public Uri At(string path) => new(Address, path);

    public static Task<KestrelSite> StartAsync(Action<WebApplication> map) => StartAsync(map, tls: null);

    /// <summary>Starts a site on a free IPv4 loopback port.</summary>
    /// <param name="map">Maps the endpoints.</param>
    /// <param name="tls">Serves TLS when set.</param>
    /// <param name="configure">Changes Kestrel's limits or adds listeners after the first one (which is <see cref="Address"/>).</param>
    public static async Task<KestrelSite> StartAsync(Action<WebApplication> map, TlsSetup? tls, Action<KestrelServerOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Cookie tests send and receive non-ASCII values as UTF-8, as browsers and most servers do.
            kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
            kestrel.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen =>
        {
            if (tls is null)
            {
                return;
            }

            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = tls.ServerCertificate,
                ClientCertificateMode = tls.RequireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
                ClientCertificateValidation = (_, _, _) => true,
            });
        });
            configure?.Invoke(kestrel);
        });
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"))
            .ToList();
        return new KestrelSite(app, addresses[0], addresses);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A self-signed certificate for 127.0.0.1 and localhost, made in memory for one test.</summary>
    public static X509Certificate2 SelfSignedCertificate(string subject = "CN=localhost", bool forClient = false)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(forClient ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Export and re-import so the private key is usable by SslStream on Linux.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }
}

/// <summary>How a <see cref="KestrelSite"/> serves TLS.</summary>
internal sealed record TlsSetup(X509Certificate2 ServerCertificate, bool RequireClientCertificate = false);
