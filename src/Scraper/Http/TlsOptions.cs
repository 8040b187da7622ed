using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Scraper.Http;

/// <summary>TLS settings of a session (semantics N7). Certificates are verified unless told otherwise.</summary>
public sealed class TlsOptions
{
    /// <summary>Gets or sets a value indicating whether server certificates are verified.</summary>
    /// <value>The default value is true. Turning it off logs a warning when the session is created.</value>
    public bool VerifyCertificates { get; set; } = true;

    /// <summary>Gets the client certificates offered to servers that ask for one (mutual TLS).</summary>
    public X509CertificateCollection ClientCertificates { get; } = [];

    /// <summary>Gets or sets an extra validation callback, for pinning or a private CA; it decides alone when set.</summary>
    /// <value>The default value is null.</value>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    internal void CopyTo(TlsOptions target)
    {
        target.VerifyCertificates = VerifyCertificates;
        target.ServerCertificateValidation = ServerCertificateValidation;
        target.ClientCertificates.Clear();
        target.ClientCertificates.AddRange(ClientCertificates);
    }
}
