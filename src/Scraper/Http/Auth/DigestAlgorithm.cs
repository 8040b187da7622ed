using System.Security.Cryptography;

namespace Scraper.Http.Auth;

/// <summary>A Digest hash algorithm (RFC 7616 §3.2): MD5, SHA-256 and httpbin's SHA-512, each also as <c>-sess</c>.</summary>
internal sealed class DigestAlgorithm
{
    private static readonly DigestAlgorithm[] Known =
    [
        // MD5 is what RFC 7616 keeps for compatibility; the server chooses it, so CA5351 does not apply here.
#pragma warning disable CA5351
        new("MD5", static data => MD5.HashData(data)),
        new("MD5-sess", static data => MD5.HashData(data)),
#pragma warning restore CA5351
        new("SHA-256", static data => SHA256.HashData(data)),
        new("SHA-256-sess", static data => SHA256.HashData(data)),
        new("SHA-512", static data => SHA512.HashData(data)),
        new("SHA-512-sess", static data => SHA512.HashData(data)),
    ];

    private readonly Func<byte[], byte[]> _hash;

    private DigestAlgorithm(string name, Func<byte[], byte[]> hash)
    {
        Name = name;
        _hash = hash;
    }

    /// <summary>Gets the name as sent in the Authorization header.</summary>
    public string Name { get; }

    /// <summary>Gets a value indicating whether HA1 also covers the nonce and cnonce (the <c>-sess</c> variants).</summary>
    public bool IsSession => Name.EndsWith("-sess", StringComparison.Ordinal);

    public static DigestAlgorithm? Find(string name) =>
        Array.Find(Known, a => a.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The lower-case hex hash of the UTF-8 text.</summary>
    public string Hash(string text) => Hash(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The lower-case hex hash of the bytes.</summary>
    public string Hash(byte[] data) => Convert.ToHexStringLower(_hash(data));
}
