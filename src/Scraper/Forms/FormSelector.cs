using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Scraper.Forms;

/// <summary>
/// Says which form of a page to submit: by CSS selector, id, name, position, or as the form that contains given
/// field names (the most robust choice for a login form, whose markup changes more often than its field names).
/// </summary>
public sealed class FormSelector
{
    private readonly Func<IDocument, IHtmlFormElement?> _find;
    private readonly string _description;

    private FormSelector(Func<IDocument, IHtmlFormElement?> find, string description)
    {
        _find = find;
        _description = description;
    }

    /// <summary>Gets a selector for the first form of the page.</summary>
    public static FormSelector First { get; } = new(document => document.Forms.FirstOrDefault(), "the first form");

    /// <summary>Selects the first form matching a CSS selector.</summary>
    /// <param name="selector">The selector, for example <c>form.login</c>.</param>
    /// <returns>The form selector.</returns>
    public static FormSelector Css(string selector)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(selector);
        return new(document => document.QuerySelectorAll(selector).OfType<IHtmlFormElement>().FirstOrDefault(), $"the form matching '{selector}'");
    }

    /// <summary>Selects the form with an id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The form selector.</returns>
    public static FormSelector Id(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return new(document => document.GetElementById(id) as IHtmlFormElement, $"the form with id '{id}'");
    }

    /// <summary>Selects the first form with a name.</summary>
    /// <param name="name">The name attribute.</param>
    /// <returns>The form selector.</returns>
    public static FormSelector Name(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(document => document.Forms.FirstOrDefault(form => form.Name == name), $"the form named '{name}'");
    }

    /// <summary>Selects a form by its position among the page's forms.</summary>
    /// <param name="index">The zero-based index.</param>
    /// <returns>The form selector.</returns>
    public static FormSelector Index(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new(document => document.Forms.Skip(index).FirstOrDefault(), $"form number {index} (zero-based)");
    }

    /// <summary>Selects the first form that has controls with all of these names (its own or linked by <c>form="id"</c>).</summary>
    /// <param name="fieldNames">The field names, for example <c>username</c> and <c>password</c>.</param>
    /// <returns>The form selector.</returns>
    public static FormSelector ContainingFields(params string[] fieldNames)
    {
        ArgumentNullException.ThrowIfNull(fieldNames);
        if (fieldNames.Length == 0)
        {
            throw new ArgumentException("Name at least one field.", nameof(fieldNames));
        }

        return new(
            document => document.Forms.FirstOrDefault(form =>
            {
                var names = FormControls.Of(form).Select(control => control.GetAttribute("name")).ToHashSet(StringComparer.Ordinal);
                return fieldNames.All(names.Contains);
            }),
            $"the form with fields {string.Join(", ", fieldNames.Select(name => $"'{name}'"))}");
    }

    /// <summary>Finds the form in a document.</summary>
    /// <param name="document">The page.</param>
    /// <returns>The form.</returns>
    /// <exception cref="FormException">The page has no such form.</exception>
    public IHtmlFormElement Find(IDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return _find(document) ?? throw new FormException(
            $"The page {document.Url} has no form matching {_description}; it has {document.Forms.Length} form(s).");
    }

    /// <inheritdoc/>
    public override string ToString() => _description;
}
