using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Scraper.Forms;

/// <summary>Builds a form's entry list by the HTML standard's rules ("constructing the entry list").</summary>
internal static class FormEntryList
{
    public static List<FormEntry> Build(IReadOnlyList<IElement> controls, IElement? submitter, FormValueOverrides overrides, Encoding encoding)
    {
        var entries = new List<FormEntry>();
        foreach (var control in controls)
        {
            if (control.Closest("datalist") is not null || FormControls.IsDisabled(control))
            {
                continue;
            }

            var type = FormControls.TypeOf(control);
            var name = control.GetAttribute("name") ?? string.Empty;
            if (control is IHtmlButtonElement || type is "submit" or "image" or "reset" or "button")
            {
                // Only the button that was clicked is sent; an image button sends where it was clicked.
                if (control == submitter && type == "image")
                {
                    var prefix = name.Length > 0 ? name + "." : string.Empty;
                    entries.Add(new FormEntry(prefix + "x", "0"));
                    entries.Add(new FormEntry(prefix + "y", "0"));
                }
                else if (control == submitter && name.Length > 0)
                {
                    entries.Add(new FormEntry(name, control.GetAttribute("value") ?? string.Empty));
                }

                continue;
            }

            if (name.Length == 0)
            {
                continue;
            }

            switch (control)
            {
                case IHtmlSelectElement select:
                    AddSelected(entries, name, select, overrides);
                    break;
                case IHtmlTextAreaElement textArea:
                    AddValue(entries, name, control, overrides, () => NormalizeNewlines(textArea.Value));
                    break;
                default:
                    AddInput(entries, name, type, control, overrides, encoding);
                    break;
            }
        }

        return entries;
    }

    private static void AddInput(List<FormEntry> entries, string name, string type, IElement input, FormValueOverrides overrides, Encoding encoding)
    {
        switch (type)
        {
            case "checkbox" or "radio":
                if (overrides.IsChecked(input))
                {
                    entries.Add(new FormEntry(name, input.GetAttribute("value") ?? "on"));
                }

                break;
            case "file":
                // No file chosen: browsers send one part with an empty file name.
                entries.Add(new FormEntry(name, overrides.ValueOf(input, () => string.Empty) ?? string.Empty, IsFile: true));
                break;
            case "hidden" when name.Equals("_charset_", StringComparison.OrdinalIgnoreCase):
                entries.Add(new FormEntry(name, encoding.WebName));
                break;
            default:
                // The value attribute, with line breaks removed as the input's value sanitization does.
                AddValue(entries, name, input, overrides, () => (input.GetAttribute("value") ?? string.Empty).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));
                break;
        }
    }

    private static void AddValue(List<FormEntry> entries, string name, IElement control, FormValueOverrides overrides, Func<string> original)
    {
        if (overrides.ValueOf(control, original) is { } value)
        {
            entries.Add(new FormEntry(name, value));
        }

        entries.AddRange(overrides.ExtrasAfter(control).Select(extra => new FormEntry(name, extra)));
    }

    private static void AddSelected(List<FormEntry> entries, string name, IHtmlSelectElement select, FormValueOverrides overrides)
    {
        var options = select.QuerySelectorAll("option").OfType<IHtmlOptionElement>().ToList();
        if (overrides.TryGetSelected(select, out var wanted))
        {
            // Values matching an option select it; others are sent as given, because scripts often fill selects
            // after load and the static page does not list every valid choice.
            foreach (var value in wanted)
            {
                entries.Add(new FormEntry(name, value));
            }

            return;
        }

        var selected = options.Where(option => option.HasAttribute("selected")).ToList();
        var isMultiple = select.HasAttribute("multiple");
        if (!isMultiple && selected.Count > 1)
        {
            selected = [selected[^1]];
        }

        // A single-line select with nothing marked shows, and submits, its first enabled option.
        if (selected.Count == 0 && !isMultiple && DisplaySize(select) <= 1
            && options.FirstOrDefault(option => !IsDisabled(option)) is { } first)
        {
            selected = [first];
        }

        entries.AddRange(selected.Where(option => !IsDisabled(option)).Select(option => new FormEntry(name, OptionValue(option))));
    }

    private static int DisplaySize(IElement select) =>
        int.TryParse(select.GetAttribute("size"), out var size) && size > 0 ? size : 1;

    private static bool IsDisabled(IHtmlOptionElement option) =>
        option.HasAttribute("disabled") || option.ParentElement is IHtmlOptionsGroupElement { } group && group.HasAttribute("disabled");

    private static string OptionValue(IHtmlOptionElement option) =>
        option.GetAttribute("value") ?? string.Join(' ', option.TextContent.Split((char[])[' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries));

    private static string NormalizeNewlines(string value) =>
        value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\n", "\r\n", StringComparison.Ordinal);
}
