namespace Scraper.Hosting;

/// <summary>
/// One short switch of a scraper executable, mapped onto a configuration key. A switch with a
/// <see cref="ValueName"/> takes a value (<c>--output FILE</c> or <c>--output=FILE</c>); one without is a flag that
/// sets <see cref="Key"/> to <see cref="FlagValue"/> (<c>--once</c>).
/// </summary>
/// <param name="Name">The switch, for example <c>--output</c>.</param>
/// <param name="Key">The configuration key it sets, for example <c>Scraper:Output</c>.</param>
/// <param name="ValueName">The value's name in the help (<c>FILE</c>); null for a flag.</param>
/// <param name="Description">One line for the help.</param>
public sealed record ScraperSwitch(string Name, string Key, string? ValueName, string Description)
{
    /// <summary>Gets the other spellings, for example <c>-o</c>.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Gets the value a flag sets; <c>true</c> unless told.</summary>
    public string FlagValue { get; init; } = "true";

    /// <summary>
    /// Gets a check of the value, returning the value to store (for example a log level in another naming);
    /// it throws <see cref="FormatException"/> with a message naming what is allowed when the value is bad.
    /// </summary>
    public Func<string, string>? Convert { get; init; }

    /// <summary>Gets a value indicating whether the switch is a flag (takes no value).</summary>
    public bool IsFlag => ValueName is null;

    /// <summary>Creates a flag: <paramref name="name"/> alone sets <paramref name="key"/> to <paramref name="value"/>.</summary>
    /// <param name="name">The switch.</param>
    /// <param name="key">The configuration key.</param>
    /// <param name="value">The value set.</param>
    /// <param name="description">One line for the help.</param>
    /// <returns>The switch.</returns>
    public static ScraperSwitch Flag(string name, string key, string value, string description) =>
        new(name, key, null, description) { FlagValue = value };

    internal IEnumerable<string> Spellings => [Name, .. Aliases];

    internal bool Matches(string name) => Spellings.Any(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase));
}
