namespace Scraper.Http;

/// <summary>A redirect the session's policy refuses: https to http (R7), or a target that is not http(s).</summary>
public sealed class RedirectRejectedException : SessionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="from">The URL that answered with the redirect.</param>
    /// <param name="to">The redirect target.</param>
    /// <param name="reason">Why it is refused.</param>
    public RedirectRejectedException(Uri from, Uri to, string reason)
        : base(from, $"Refused the redirect from {UrlRedaction.Redact(from)} to {UrlRedaction.Redact(to)}: {reason}")
    {
        Target = to;
    }

    /// <summary>Gets the redirect target.</summary>
    public Uri? Target { get; }
}
