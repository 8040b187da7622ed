using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Scraper.Http;

/// <summary>
/// Finds the JSON contract of a type in a set of serializer options, the one way every JSON helper and exporter
/// serializes: options given a source-generated <c>JsonSerializerContext</c> work in a native AOT executable, and
/// options without one fall back to reflection wherever the application allows reflection, as the serializer does.
/// </summary>
internal static class JsonContracts
{
    /// <summary>Gets the web defaults (camelCase, case-insensitive), shared and locked on first use, for calls given no options.</summary>
    public static JsonSerializerOptions SharedWeb { get; } = WebDefaults();

    /// <summary>Creates a copy of the web defaults (camelCase, case-insensitive) that its owner may still configure.</summary>
    /// <returns>New options.</returns>
    public static JsonSerializerOptions WebDefaults() => new(JsonSerializerDefaults.Web);

    /// <summary>Gets the contract of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="options">The options; locked against changes from here on, as the serializer would lock them.</param>
    /// <param name="setting">Where the options are configured, for the error.</param>
    /// <returns>The contract.</returns>
    public static JsonTypeInfo<T> For<T>(JsonSerializerOptions options, string setting) => (JsonTypeInfo<T>)For(options, typeof(T), setting);

    /// <summary>Gets the contract of a type.</summary>
    /// <param name="options">The options; locked against changes from here on, as the serializer would lock them.</param>
    /// <param name="type">The type.</param>
    /// <param name="setting">Where the options are configured, for the error.</param>
    /// <returns>The contract.</returns>
    /// <exception cref="InvalidOperationException">The options have no metadata source and reflection is off.</exception>
    public static JsonTypeInfo For(JsonSerializerOptions options, Type type, string setting)
    {
        if (!options.IsReadOnly)
        {
            Lock(options, type, setting);
        }

        return options.GetTypeInfo(type);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reflection metadata only where the application keeps reflection-based serialization on; the AOT compiler turns that switch off and drops the branch.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above: the branch runs only where reflection-based serialization is on.")]
    private static void Lock(JsonSerializerOptions options, Type type, string setting)
    {
        if (options.TypeInfoResolver is not null)
        {
            options.MakeReadOnly();
        }
        else if (JsonSerializer.IsReflectionEnabledByDefault)
        {
            options.MakeReadOnly(populateMissingResolver: true);
        }
        else
        {
            throw new InvalidOperationException(
                $"No JSON metadata for {type}: reflection-based serialization is off in this application (native AOT or trimming). " +
                $"Add a source-generated JsonSerializerContext that lists the type to {setting} (TypeInfoResolverChain).");
        }
    }
}
