namespace Scraper.Http;

/// <summary>How a session follows redirects (semantics R1–R9).</summary>
public sealed class RedirectOptions
{
    /// <summary>Gets or sets a value indicating whether 301, 302, 303, 307 and 308 answers are followed.</summary>
    /// <value>The default value is true.</value>
    public bool Follow { get; set; } = true;

    /// <summary>Gets or sets the most redirects followed for one request before <see cref="TooManyRedirectsException"/> (R4).</summary>
    /// <value>The default value is 30.</value>
    public int MaxRedirects { get; set; } = SessionDefaults.MaxRedirects;

    /// <summary>Gets or sets a value indicating whether a redirect from https to http is followed (R7).</summary>
    /// <value>The default value is false: such a redirect throws <see cref="RedirectRejectedException"/>.</value>
    public bool AllowHttpsToHttp { get; set; }

    /// <summary>
    /// Gets the request headers removed once a redirect leaves the request's origin (R6). Authorization is always
    /// handled by the auth rules (A2) and the Cookie header is always rebuilt from the jar for each hop (R5).
    /// </summary>
    public ISet<string> StripHeadersAcrossOrigins { get; } =
        new HashSet<string>(SessionDefaults.HeadersStrippedAcrossOrigins, StringComparer.OrdinalIgnoreCase);

    internal void CopyTo(RedirectOptions target)
    {
        target.Follow = Follow;
        target.MaxRedirects = MaxRedirects;
        target.AllowHttpsToHttp = AllowHttpsToHttp;
        target.StripHeadersAcrossOrigins.Clear();
        target.StripHeadersAcrossOrigins.UnionWith(StripHeadersAcrossOrigins);
    }
}
