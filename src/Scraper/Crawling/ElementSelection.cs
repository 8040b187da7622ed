using AngleSharp.Dom;

namespace Scraper.Crawling;

/// <summary>One-line CSS helpers on documents and elements, so item extraction reads like the page.</summary>
public static class ElementSelection
{
    /// <summary>Returns the trimmed text of the first element matching a selector, or null.</summary>
    /// <param name="node">The document or element to search in.</param>
    /// <param name="selector">The selector.</param>
    /// <returns>The text.</returns>
    public static string? SelectText(this IParentNode node, string selector) =>
        node.QuerySelector(selector)?.TextContent.Trim();

    /// <summary>Returns an attribute of the first element matching a selector, or null.</summary>
    /// <param name="node">The document or element to search in.</param>
    /// <param name="selector">The selector.</param>
    /// <param name="attribute">The attribute name.</param>
    /// <returns>The value.</returns>
    public static string? SelectAttribute(this IParentNode node, string selector, string attribute) =>
        node.QuerySelector(selector)?.GetAttribute(attribute);

    /// <summary>Returns an attribute of every element matching a selector; elements without it are skipped.</summary>
    /// <param name="node">The document or element to search in.</param>
    /// <param name="selector">The selector.</param>
    /// <param name="attribute">The attribute name.</param>
    /// <returns>The values, in document order.</returns>
    public static IReadOnlyList<string> SelectAttributes(this IParentNode node, string selector, string attribute)
    {
        var elements = node.QuerySelectorAll(selector);
        var values = new List<string>(elements.Length);
        foreach (var element in elements)
        {
            if (element.GetAttribute(attribute) is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }

    /// <summary>Returns the trimmed text of every element matching a selector.</summary>
    /// <param name="node">The document or element to search in.</param>
    /// <param name="selector">The selector.</param>
    /// <returns>The texts, in document order.</returns>
    public static IReadOnlyList<string> SelectTexts(this IParentNode node, string selector)
    {
        var elements = node.QuerySelectorAll(selector);
        var values = new List<string>(elements.Length);
        foreach (var element in elements)
        {
            values.Add(element.TextContent.Trim());
        }

        return values;
    }
}
