using System.Net;

namespace Scraper.Http;

/// <summary>
/// Decides where a redirect goes and how the next hop is sent, as requests and browsers do (semantics R1–R3,
/// R7, R8). .NET's own redirect handling differs in several of these, which is why the session runs its own loop.
/// </summary>
internal static class RedirectPolicy
{
    /// <summary>Whether the status is one the session follows; 300 (R3), 304 and 305 are not.</summary>
    public static bool IsFollowedRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>Resolves the Location header against the current URL, inheriting its fragment when it has none (R8).</summary>
    public static Uri? ResolveLocation(HttpResponseMessage response, Uri current) => ResolveLocation(response.Headers.Location, current);

    /// <summary>Resolves a Location value against the current URL, inheriting its fragment when it has none (R8).</summary>
    public static Uri? ResolveLocation(Uri? location, Uri current)
    {
        if (location is null)
        {
            return null;
        }

        var target = location.IsAbsoluteUri ? location : new Uri(current, location);
        if (string.IsNullOrEmpty(target.Fragment) && !string.IsNullOrEmpty(current.Fragment))
        {
            target = new UriBuilder(target) { Fragment = current.Fragment.TrimStart('#') }.Uri;
        }

        return target;
    }

    /// <summary>
    /// The method of the next hop (R1, R2): 303 turns everything but HEAD into GET; 302 does too (as browsers do);
    /// 301 turns POST into GET; 307 and 308 keep the method and body.
    /// </summary>
    public static HttpMethod NextMethod(HttpStatusCode status, HttpMethod method) => status switch
    {
        HttpStatusCode.SeeOther or HttpStatusCode.Found when method != HttpMethod.Head => HttpMethod.Get,
        HttpStatusCode.MovedPermanently when method == HttpMethod.Post => HttpMethod.Get,
        _ => method,
    };

    /// <summary>Throws when the policy refuses the hop: a non-http(s) target, or https to http unless allowed (R7).</summary>
    public static void EnsureAllowed(Uri from, Uri to, RedirectOptions options)
    {
        if (to.Scheme is not ("http" or "https"))
        {
            throw new RedirectRejectedException(from, to, $"the scheme '{to.Scheme}' is not supported.");
        }

        if (from.Scheme == Uri.UriSchemeHttps && to.Scheme == Uri.UriSchemeHttp && !options.AllowHttpsToHttp)
        {
            throw new RedirectRejectedException(from, to,
                "it downgrades https to http (set Redirects:AllowHttpsToHttp to allow it).");
        }
    }

    /// <summary>
    /// Whether credentials given for <paramref name="origin"/> may go to <paramref name="target"/> (A2): the same
    /// scheme, host and port, or the upgrade from http on port 80 to https on port 443 of the same host.
    /// </summary>
    public static bool IsSameOriginForCredentials(Uri origin, Uri target)
    {
        if (!string.Equals(origin.Host, target.Host, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (origin.Scheme == target.Scheme && origin.Port == target.Port)
        {
            return true;
        }

        return origin.Scheme == Uri.UriSchemeHttp && origin.IsDefaultPort
            && target.Scheme == Uri.UriSchemeHttps && target.IsDefaultPort;
    }
}
