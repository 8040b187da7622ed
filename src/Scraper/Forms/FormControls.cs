using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Scraper.Forms;

/// <summary>Finds a form's submittable controls as a browser does: its descendants and the inputs linked by <c>form="id"</c>.</summary>
internal static class FormControls
{
    private const string Submittable = "button, input, select, textarea";

    /// <summary>Returns the controls whose form owner is <paramref name="form"/>, in tree order.</summary>
    public static IEnumerable<IElement> Of(IHtmlFormElement form)
    {
        var root = (IParentNode?)form.Owner ?? form;
        foreach (var element in root.QuerySelectorAll(Submittable))
        {
            if (OwnerOf(element) == form)
            {
                yield return element;
            }
        }
    }

    /// <summary>Returns whether a control is disabled, by its own attribute or a disabled fieldset outside its first legend.</summary>
    public static bool IsDisabled(IElement control)
    {
        if (control.HasAttribute("disabled"))
        {
            return true;
        }

        for (var child = control; child.ParentElement is { } parent; child = parent)
        {
            if (parent is IHtmlFieldSetElement && parent.HasAttribute("disabled")
                && child != parent.Children.OfType<IHtmlLegendElement>().FirstOrDefault())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns whether an element is a submit button (button type=submit, input type=submit or image).</summary>
    public static bool IsSubmitButton(IElement element) => element switch
    {
        IHtmlButtonElement button => TypeOf(button) == "submit",
        IHtmlInputElement input => TypeOf(input) is "submit" or "image",
        _ => false,
    };

    /// <summary>Returns the lower-case type of a button or input, with the HTML defaults.</summary>
    public static string TypeOf(IElement element)
    {
        var type = element.GetAttribute("type")?.Trim().ToLowerInvariant();
        return element switch
        {
            IHtmlButtonElement => type is "reset" or "button" ? type : "submit",
            IHtmlInputElement => string.IsNullOrEmpty(type) ? "text" : type,
            _ => element.LocalName,
        };
    }

    private static IHtmlFormElement? OwnerOf(IElement element)
    {
        // An explicit form attribute wins even when it names nothing: such a control belongs to no form.
        if (element.GetAttribute("form") is { } formId)
        {
            return element.Owner?.GetElementById(formId) as IHtmlFormElement;
        }

        return element.Closest("form") as IHtmlFormElement;
    }
}
