using Scraper.Http;

namespace Scraper.Crawling;

/// <summary>A downloaded answer handed to a parse callback (STUB: the engine issue completes it).</summary>
public sealed class Response
{
    internal Response(Request request, SessionResponse inner)
    {
        Request = request;
        Inner = inner;
    }

    /// <summary>Gets the request this answers.</summary>
    public Request Request { get; }

    /// <summary>Gets the session's response.</summary>
    public SessionResponse Inner { get; }

    /// <summary>Gets the request's typed state.</summary>
    /// <typeparam name="T">The state's type.</typeparam>
    /// <returns>The state.</returns>
    public T State<T>() => Request.State is T state ? state : throw new InvalidOperationException(
        $"The request {Request} carries {Request.State?.GetType().Name ?? "no state"}, not {typeof(T).Name}.");
}
