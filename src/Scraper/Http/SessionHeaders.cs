using System.Collections;

namespace Scraper.Http;

/// <summary>
/// The headers a session sends with every request (semantics H1). Changes are safe while requests are in flight:
/// each request copies an immutable snapshot, so it never sees half a change (unlike
/// <see cref="HttpClient.DefaultRequestHeaders"/>, which must not change once requests have started).
/// </summary>
public sealed class SessionHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private readonly Lock _writeLock = new();
    private KeyValuePair<string, string>[] _snapshot;

    internal SessionHeaders(IEnumerable<KeyValuePair<string, string>> initial)
    {
        _snapshot = [.. initial];
    }

    /// <summary>Gets the number of headers.</summary>
    public int Count => Volatile.Read(ref _snapshot).Length;

    /// <summary>Gets or sets a header (case-insensitive name); setting null removes it.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value, or null when the header is not set.</returns>
    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in Volatile.Read(ref _snapshot))
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return null;
        }

        set
        {
            if (value is null)
            {
                Remove(name);
            }
            else
            {
                Set(name, value);
            }
        }
    }

    /// <summary>Sets a header, replacing any value of the same name.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The value; sent as Latin-1 (H4).</param>
    /// <exception cref="InvalidHeaderException">The name is not a token, or the value holds CR, LF, NUL, another control or a character outside Latin-1 (H3, H4).</exception>
    public void Set(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        HeaderRules.Ensure(name, value);
        lock (_writeLock)
        {
            var next = new List<KeyValuePair<string, string>>(_snapshot.Length + 1);
            next.AddRange(_snapshot.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)));
            next.Add(new(name, value));
            Volatile.Write(ref _snapshot, [.. next]);
        }
    }

    /// <summary>Removes a header.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>Whether it was set.</returns>
    public bool Remove(string name)
    {
        lock (_writeLock)
        {
            var next = _snapshot.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).ToArray();
            var removed = next.Length != _snapshot.Length;
            Volatile.Write(ref _snapshot, next);
            return removed;
        }
    }

    /// <summary>Returns the headers as one consistent snapshot.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)Snapshot()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal KeyValuePair<string, string>[] Snapshot() => Volatile.Read(ref _snapshot);
}
