using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Scraper.Http;

/// <summary>
/// A case-aware dictionary that checks every entry as it is added, so a header or cookie that could not be sent
/// is refused when it is set (H3, H4), not when the request is already under way.
/// </summary>
internal sealed class ValidatedDictionary<TValue> : IDictionary<string, TValue>
{
    private readonly Dictionary<string, TValue> _inner;
    private readonly Action<string, TValue> _validate;

    public ValidatedDictionary(StringComparer comparer, Action<string, TValue> validate)
    {
        _inner = new Dictionary<string, TValue>(comparer);
        _validate = validate;
    }

    public ICollection<string> Keys => _inner.Keys;

    public ICollection<TValue> Values => _inner.Values;

    public int Count => _inner.Count;

    public bool IsReadOnly => false;

    public TValue this[string key]
    {
        get => _inner[key];
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            _validate(key, value);
            _inner[key] = value;
        }
    }

    public void Add(string key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _validate(key, value);
        _inner.Add(key, value);
    }

    public void Add(KeyValuePair<string, TValue> item) => Add(item.Key, item.Value);

    public void Clear() => _inner.Clear();

    public bool Contains(KeyValuePair<string, TValue> item) => ((ICollection<KeyValuePair<string, TValue>>)_inner).Contains(item);

    public bool ContainsKey(string key) => _inner.ContainsKey(key);

    public void CopyTo(KeyValuePair<string, TValue>[] array, int arrayIndex) => ((ICollection<KeyValuePair<string, TValue>>)_inner).CopyTo(array, arrayIndex);

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => _inner.GetEnumerator();

    public bool Remove(string key) => _inner.Remove(key);

    public bool Remove(KeyValuePair<string, TValue> item) => ((ICollection<KeyValuePair<string, TValue>>)_inner).Remove(item);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value) => _inner.TryGetValue(key, out value);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
