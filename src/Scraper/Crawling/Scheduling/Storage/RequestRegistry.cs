using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace Scraper.Crawling.Scheduling.Storage;

/// <summary>
/// What a stored request may refer to, by name: the spider's callbacks and errbacks, the types of request state,
/// and the <see cref="RequestFeatures"/> that must survive a restart. A persistent frontier saves a request as
/// names and JSON (<see cref="RequestCodec"/>), so a request it reads back after a crash calls the same method
/// with the same state. The spider's own methods are named by themselves; a delegate that is not one (a lambda,
/// a method of another object) is named here with <see cref="Add(string, ParseCallback)"/>, in
/// <see cref="Spider.ConfigureRequests"/>.
/// </summary>
/// <remarks>
/// State and features are serialized with System.Text.Json through the <see cref="JsonTypeInfo{T}"/> given here,
/// typically from a source-generated <c>JsonSerializerContext</c>, so a native AOT build stores them too. Strings,
/// numbers, booleans, <see cref="Guid"/>, <see cref="DateTimeOffset"/> and <see cref="Uri"/> are known already.
/// A feature type that is not added here is not stored: it lives as long as the process, and a resumed request
/// goes without it.
/// </remarks>
public sealed class RequestRegistry
{
    private readonly Dictionary<string, Delegate?> _callbacks = new(StringComparer.Ordinal);
    private readonly Dictionary<Delegate, string> _namedDelegates = [];
    private readonly Dictionary<(Type? Declaring, string Name, Type Shape), string> _methods = [];
    private readonly Dictionary<Type, StorableType> _statesByType = [];
    private readonly Dictionary<string, StorableType> _statesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, StorableFeature> _featuresByType = [];
    private readonly Dictionary<string, StorableFeature> _featuresByName = new(StringComparer.Ordinal);
    private readonly Spider? _spider;

    /// <summary>Creates a registry of a spider's callbacks: every method of it (public or not) shaped as one.</summary>
    /// <param name="spider">The spider whose methods the stored requests call.</param>
    public RequestRegistry(Spider spider)
    {
        ArgumentNullException.ThrowIfNull(spider);
        _spider = spider;
        AddSpiderMethods(spider.GetType());
        BuiltInStates.AddTo(this);
    }

    /// <summary>Gets the spider whose methods are the callbacks.</summary>
    internal Spider? Spider => _spider;

    /// <summary>Names a parse callback that is not a method of the spider (or gives a spider's method another name).</summary>
    /// <param name="name">The name stored with requests; it must stay the same across versions of the spider.</param>
    /// <param name="callback">The callback: the same delegate instance (or an equal one) the requests carry.</param>
    /// <returns>This registry, for chaining.</returns>
    public RequestRegistry Add(string name, ParseCallback callback) => AddDelegate(name, callback.Target);

    /// <summary>Names an error callback that is not a method of the spider.</summary>
    /// <param name="name">The name stored with requests.</param>
    /// <param name="errback">The error callback.</param>
    /// <returns>This registry, for chaining.</returns>
    public RequestRegistry Add(string name, ErrorCallback errback) => AddDelegate(name, errback.Target);

    /// <summary>Lets requests carry state of a type, serialized with its JSON contract.</summary>
    /// <typeparam name="T">The state's type (exactly: a subclass needs its own entry).</typeparam>
    /// <param name="typeInfo">The contract, e.g. <c>ShopJson.Default.ProductState</c> from a source-generated context.</param>
    /// <param name="name">The name stored with requests; the type's full name when null.</param>
    /// <returns>This registry, for chaining.</returns>
    public RequestRegistry AddState<T>(JsonTypeInfo<T> typeInfo, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var entry = new StorableType(name ?? NameOf(typeof(T)), typeInfo);
        _statesByType[typeof(T)] = entry;
        _statesByName[entry.Name] = entry;
        return this;
    }

    /// <summary>Stores a request feature with the request, so a resumed request still has it.</summary>
    /// <typeparam name="T">The type the feature is stored under (as in <see cref="RequestFeatures.With{T}"/>).</typeparam>
    /// <param name="typeInfo">The feature's JSON contract.</param>
    /// <param name="name">The name stored with requests; the type's full name when null.</param>
    /// <returns>This registry, for chaining.</returns>
    public RequestRegistry AddFeature<T>(JsonTypeInfo<T> typeInfo, string? name = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var entry = new StorableFeature(name ?? NameOf(typeof(T)), typeInfo, static (features, value) => features.With((T)value));
        _featuresByType[typeof(T)] = entry;
        _featuresByName[entry.Name] = entry;
        return this;
    }

    /// <summary>Returns the name a callback or errback is stored under.</summary>
    /// <exception cref="RequestNotStorableException">The delegate is a lambda, a local function or a method of another object, and has no name here.</exception>
    internal string NameOf(Delegate callback, string role)
    {
        if (_namedDelegates.TryGetValue(callback, out var name))
        {
            return name;
        }

        // Keyed by declaring type and name, not by MethodInfo: reflection hands out one MethodInfo per reflected type.
        var method = callback.Method;
        if ((callback.Target is null || ReferenceEquals(callback.Target, _spider)) && _methods.TryGetValue((method.DeclaringType, method.Name, callback.GetType()), out name))
        {
            return _callbacks.GetValueOrDefault(name) is null
                ? throw new RequestNotStorableException($"The {role} '{Describe(method)}' cannot be stored: the spider has more than one method named '{name}' shaped as a callback. Rename one, or name it in Spider.ConfigureRequests.")
                : name;
        }

        var why = method.Name.Contains('<', StringComparison.Ordinal) ? "it is a lambda or a local function" : "it is not a method of the spider";
        throw new RequestNotStorableException(
            $"The {role} '{Describe(method)}' cannot be stored with the request: {why}, and a persistent frontier saves callbacks by name. " +
            "Make it a method of the spider, or name it in Spider.ConfigureRequests with requests.Add(\"name\", callback).");
    }

    /// <summary>Returns the delegate stored under a name.</summary>
    internal Delegate Resolve(string name, string role) =>
        _callbacks.TryGetValue(name, out var callback) && callback is not null
            ? callback
            : throw new RequestNotStorableException($"A stored request names the {role} '{name}', which the spider {(_callbacks.ContainsKey(name) ? "has more than once" : "does not have (was it renamed?)")}.");

    internal bool TryGetState(Type type, [NotNullWhen(true)] out StorableType? entry) => _statesByType.TryGetValue(type, out entry);

    internal bool TryGetState(string name, [NotNullWhen(true)] out StorableType? entry) => _statesByName.TryGetValue(name, out entry);

    internal bool TryGetFeature(Type type, [NotNullWhen(true)] out StorableFeature? entry) => _featuresByType.TryGetValue(type, out entry);

    internal bool TryGetFeature(string name, [NotNullWhen(true)] out StorableFeature? entry) => _featuresByName.TryGetValue(name, out entry);

    private static string NameOf(Type type) => type.FullName ?? type.Name;

    private static string Describe(MethodInfo method) => $"{method.DeclaringType?.FullName}.{method.Name}";

    private RequestRegistry AddDelegate(string name, Delegate callback)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _callbacks[name] = callback;
        _namedDelegates[callback] = name;
        return this;
    }

    // Spider keeps its methods for trimming (DynamicallyAccessedMembers on the class), so this finds them under native AOT too.
    private void AddSpiderMethods([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods)] Type type)
    {
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        foreach (var method in type.GetMethods(all))
        {
            // Compiler-made methods (lambdas, local functions, iterators' helpers) have no name a user could keep stable.
            if (method.Name.Contains('<', StringComparison.Ordinal) || method.IsGenericMethodDefinition || CallbackShape.Of(method) is not { } shape)
            {
                continue;
            }

            var name = method.Name;
            var callback = method.IsStatic ? method.CreateDelegate(shape) : method.CreateDelegate(shape, _spider);
            _methods[(method.DeclaringType, name, shape)] = name;
            // A name shaped twice (a sync and an async method of one name) is kept as ambiguous: null.
            _callbacks[name] = _callbacks.ContainsKey(name) ? null : callback;
        }
    }
}
