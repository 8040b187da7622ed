namespace Scraper.Crawling.Downloading.Politeness;

/// <summary>A place in a domain's concurrency, given back on dispose. A struct: holding one costs no allocation.</summary>
/// <param name="domain">The domain whose place this is.</param>
public readonly struct PolitenessPlace(IDomainPoliteness domain) : IDisposable, IEquatable<PolitenessPlace>
{
    /// <summary>Gets the domain whose place this is; null for the default value.</summary>
    public IDomainPoliteness? Domain { get; } = domain;

    /// <summary>Tells whether two values are the same place holder.</summary>
    public static bool operator ==(PolitenessPlace left, PolitenessPlace right) => left.Equals(right);

    /// <summary>Tells whether two values are different place holders.</summary>
    public static bool operator !=(PolitenessPlace left, PolitenessPlace right) => !left.Equals(right);

    /// <summary>Gives the place back.</summary>
    public void Dispose() => Domain?.Release();

    /// <inheritdoc/>
    public bool Equals(PolitenessPlace other) => ReferenceEquals(Domain, other.Domain);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PolitenessPlace other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Domain?.GetHashCode() ?? 0;
}
