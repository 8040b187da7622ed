using System.Collections;

namespace Scraper.Crawling;

/// <summary>
/// An immutable, typed bag of per-request data for download middlewares and handlers (a proxy chosen for the
/// request, a cache policy, a rendering option): one value per type, read with <see cref="Get{T}"/>, added with
/// <see cref="With{T}"/>, which returns a new bag and leaves this one as it was. A request without features shares
/// <see cref="Empty"/>, so the bag costs nothing until it is used.
/// </summary>
/// <example>
/// <code>
/// var request = new Request(url) { Features = RequestFeatures.Empty.With(new ProxyChoice("p1")) };
/// var proxy = request.Features.Get&lt;ProxyChoice&gt;();   // the ProxyChoice, or null
/// </code>
/// </example>
public sealed class RequestFeatures : IReadOnlyCollection<KeyValuePair<Type, object>>
{
    private readonly KeyValuePair<Type, object>[] _features;

    private RequestFeatures(KeyValuePair<Type, object>[] features) => _features = features;

    /// <summary>Gets the bag with no feature.</summary>
    public static RequestFeatures Empty { get; } = new([]);

    /// <summary>Gets the number of features.</summary>
    public int Count => _features.Length;

    /// <summary>Returns the feature stored under a type.</summary>
    /// <typeparam name="T">The type it was stored under (exactly: a feature stored as an interface is read as that interface).</typeparam>
    /// <returns>The feature, or null.</returns>
    public T? Get<T>()
        where T : class
    {
        // A handful of features at most: a linear search beats any hash table here.
        foreach (var (type, feature) in _features)
        {
            if (type == typeof(T))
            {
                return (T)feature;
            }
        }

        return null;
    }

    /// <summary>Returns a bag with a feature stored under <typeparamref name="T"/>, replacing any stored under it before.</summary>
    /// <typeparam name="T">The type to store it under.</typeparam>
    /// <param name="feature">The feature.</param>
    /// <returns>A new bag; this one is unchanged.</returns>
    public RequestFeatures With<T>(T feature)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(feature);
        var index = Array.FindIndex(_features, pair => pair.Key == typeof(T));
        var features = index < 0 ? new KeyValuePair<Type, object>[_features.Length + 1] : (KeyValuePair<Type, object>[])_features.Clone();
        if (index < 0)
        {
            _features.CopyTo(features, 0);
            index = _features.Length;
        }

        features[index] = new(typeof(T), feature);
        return new RequestFeatures(features);
    }

    /// <summary>Enumerates the features with the types they are stored under, in the order they were first added.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => ((IEnumerable<KeyValuePair<Type, object>>)_features).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Returns the types of the features.</summary>
    /// <returns>For example <c>RequestFeatures [ProxyChoice]</c>.</returns>
    public override string ToString() => $"RequestFeatures [{string.Join(", ", _features.Select(pair => pair.Key.Name))}]";
}
