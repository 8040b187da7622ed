namespace Scraper.Crawling;

/// <summary>
/// A parse callback: receives a downloaded response and yields what it found. Each yielded <see cref="Request"/>
/// is scheduled; anything else is an item and goes to the item pipelines. Either form of method will do: a plain
/// iterator <c>IEnumerable&lt;object&gt; Parse(Response response)</c> for a callback that only reads the page (the
/// common case, with no async state machine per item), or an async iterator
/// <c>IAsyncEnumerable&lt;object&gt; ParseAsync(Response response, CancellationToken cancellationToken)</c> for one that
/// awaits something.
/// </summary>
/// <remarks>
/// Methods that take a callback (<see cref="Request(string, Func{Response, IEnumerable{object}})"/>,
/// <see cref="Response.Follow(string, Func{Response, IEnumerable{object}}, object?)"/> and the like) have an overload
/// for each form, so a method group is passed as it is: <c>response.Follow(href, ParseItem)</c>. C# converts a
/// method group to a delegate only, never to this struct, so an <c>init</c> property takes it through a
/// constructor: <c>new Request(url) { Callback = new(ParseItem) }</c>. A struct holding one delegate: no
/// allocation beyond the delegate itself.
/// </remarks>
public readonly struct ParseCallback
{
    private readonly Delegate? _target;

    /// <summary>Wraps a synchronous callback.</summary>
    /// <param name="parse">The callback.</param>
    public ParseCallback(Func<Response, IEnumerable<object>> parse) => _target = parse ?? throw new ArgumentNullException(nameof(parse));

    /// <summary>Wraps an asynchronous callback.</summary>
    /// <param name="parseAsync">The callback; its token is cancelled when the crawl stops.</param>
    public ParseCallback(Func<Response, CancellationToken, IAsyncEnumerable<object>> parseAsync) =>
        _target = parseAsync ?? throw new ArgumentNullException(nameof(parseAsync));

    internal ParseCallback(Delegate target) => _target = target;

    /// <summary>Gets the delegate: a <c>Func&lt;Response, IEnumerable&lt;object&gt;&gt;</c> or a <c>Func&lt;Response, CancellationToken, IAsyncEnumerable&lt;object&gt;&gt;</c>.</summary>
    /// <remarks>Its <see cref="Delegate.Method"/> names the callback, which is how a stored request can refer to it.</remarks>
    public Delegate Target => _target ?? throw new InvalidOperationException("An empty ParseCallback (default) has no target.");

    /// <summary>Gets a value indicating whether the callback is a plain iterator.</summary>
    public bool IsSynchronous => _target is Func<Response, IEnumerable<object>>;

    /// <summary>Wraps a synchronous callback.</summary>
    /// <param name="parse">The callback.</param>
    public static implicit operator ParseCallback(Func<Response, IEnumerable<object>> parse) => new(parse);

    /// <summary>Wraps an asynchronous callback.</summary>
    /// <param name="parseAsync">The callback.</param>
    public static implicit operator ParseCallback(Func<Response, CancellationToken, IAsyncEnumerable<object>> parseAsync) => new(parseAsync);

    /// <summary>Gets the delegate, or null for an empty (default) callback.</summary>
    internal Delegate? TargetOrNull => _target;

    /// <summary>Returns the callback's method name.</summary>
    /// <returns>For example <c>ParseItem</c>.</returns>
    public override string ToString() => _target?.Method.Name ?? "(none)";
}
