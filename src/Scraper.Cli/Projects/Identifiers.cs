using System.Text;
using System.Text.RegularExpressions;

namespace Scraper.Cli.Projects;

/// <summary>Checks and shapes the names the project commands turn into C# identifiers.</summary>
internal static partial class Identifiers
{
    /// <summary>Throws unless a name is a dotted C# identifier (a project and namespace name).</summary>
    /// <param name="name">The name.</param>
    /// <param name="what">What it names, for the message.</param>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void EnsureNamespace(string name, string what)
    {
        if (!DottedIdentifier().IsMatch(name))
        {
            throw new ArgumentException($"{what} '{name}' must be letters, digits and underscores, optionally in dotted parts, each starting with a letter (for example MyShop or Acme.Books).");
        }
    }

    /// <summary>Turns a spider name like <c>book-store</c> into a class name like <c>BookStoreSpider</c>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The class name.</returns>
    /// <exception cref="ArgumentException">Nothing identifier-like is left.</exception>
    public static string SpiderClass(string name)
    {
        var builder = new StringBuilder();
        foreach (var part in name.Split(['-', '_', '.', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Word().IsMatch(part))
            {
                throw new ArgumentException($"Spider name '{name}' must be letters and digits, in parts split by '-' or '_' (for example books or book-store).");
            }

            builder.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }

        var pascal = builder.ToString();
        if (pascal.Length == 0 || !char.IsAsciiLetter(pascal[0]))
        {
            throw new ArgumentException($"Spider name '{name}' must start with a letter.");
        }

        return pascal.EndsWith("Spider", StringComparison.Ordinal) ? pascal : pascal + "Spider";
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedIdentifier();

    [GeneratedRegex(@"^[A-Za-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
