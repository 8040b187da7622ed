namespace Scraper.Crawling;

/// <summary>
/// An error callback (errback): called once a request has failed for good (after retries), with what went wrong; it
/// yields items and requests as a <see cref="ParseCallback"/> does. Either a plain iterator
/// <c>IEnumerable&lt;object&gt; OnError(RequestFailure failure)</c> or an async one
/// <c>IAsyncEnumerable&lt;object&gt; OnErrorAsync(RequestFailure failure, CancellationToken cancellationToken)</c>.
/// </summary>
/// <remarks>
/// C# converts a method group to a delegate only, never to this struct: set it with a constructor,
/// <c>new Request(url) { Errback = new(OnError) }</c>.
/// </remarks>
public readonly struct ErrorCallback
{
    private readonly Delegate? _target;

    /// <summary>Wraps a synchronous error callback.</summary>
    /// <param name="onError">The callback.</param>
    public ErrorCallback(Func<RequestFailure, IEnumerable<object>> onError) => _target = onError ?? throw new ArgumentNullException(nameof(onError));

    /// <summary>Wraps an asynchronous error callback.</summary>
    /// <param name="onErrorAsync">The callback; its token is cancelled when the crawl stops.</param>
    public ErrorCallback(Func<RequestFailure, CancellationToken, IAsyncEnumerable<object>> onErrorAsync) =>
        _target = onErrorAsync ?? throw new ArgumentNullException(nameof(onErrorAsync));

    internal ErrorCallback(Delegate target) => _target = target;

    /// <summary>Gets the delegate: a <c>Func&lt;RequestFailure, IEnumerable&lt;object&gt;&gt;</c> or a <c>Func&lt;RequestFailure, CancellationToken, IAsyncEnumerable&lt;object&gt;&gt;</c>.</summary>
    public Delegate Target => _target ?? throw new InvalidOperationException("An empty ErrorCallback (default) has no target.");

    /// <summary>Gets a value indicating whether the callback is a plain iterator.</summary>
    public bool IsSynchronous => _target is Func<RequestFailure, IEnumerable<object>>;

    /// <summary>Wraps a synchronous error callback.</summary>
    /// <param name="onError">The callback.</param>
    public static implicit operator ErrorCallback(Func<RequestFailure, IEnumerable<object>> onError) => new(onError);

    /// <summary>Wraps an asynchronous error callback.</summary>
    /// <param name="onErrorAsync">The callback.</param>
    public static implicit operator ErrorCallback(Func<RequestFailure, CancellationToken, IAsyncEnumerable<object>> onErrorAsync) => new(onErrorAsync);

    /// <summary>Gets the delegate, or null for an empty (default) callback.</summary>
    internal Delegate? TargetOrNull => _target;

    /// <summary>Returns the callback's method name.</summary>
    /// <returns>For example <c>OnError</c>.</returns>
    public override string ToString() => _target?.Method.Name ?? "(none)";
}
