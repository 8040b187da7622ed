using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Scraper.Forms;

/// <summary>
/// The caller's values laid over a form's controls before the entry list is built: checkboxes and radios change
/// their checked state, selects their selected options, other controls their value (in order when a name repeats).
/// </summary>
internal sealed class FormValueOverrides
{
    private static readonly string[] TrueWords = ["true", "on"];
    private static readonly string[] FalseWords = ["false", "off", ""];

    private readonly Dictionary<IElement, bool> _checked = [];
    private readonly Dictionary<IElement, List<string>> _selected = [];
    private readonly Dictionary<IElement, string?> _values = [];
    private readonly Dictionary<IElement, List<string>> _extrasAfter = [];

    /// <summary>Gets values for names the form does not have, appended at the end when new fields are allowed.</summary>
    public List<FormEntry> NewFields { get; } = [];

    public static FormValueOverrides Build(
        IReadOnlyList<IElement> controls, IEnumerable<KeyValuePair<string, string?>>? values, bool allowNewFields, Func<string> describeForm)
    {
        var overrides = new FormValueOverrides();
        if (values is null)
        {
            return overrides;
        }

        var byName = new Dictionary<string, List<string?>>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            ArgumentNullException.ThrowIfNull(name);
            if (!byName.TryGetValue(name, out var list))
            {
                byName[name] = list = [];
            }

            list.Add(value);
        }

        foreach (var (name, given) in byName)
        {
            var named = controls.Where(control => control.GetAttribute("name") == name && !IsButton(control)).ToList();
            if (named.Count == 0)
            {
                if (!allowNewFields)
                {
                    var known = controls.Select(control => control.GetAttribute("name")).Where(n => !string.IsNullOrEmpty(n)).Distinct();
                    throw new FormException(
                        $"{describeForm()} has no field named '{name}'; its fields are: {string.Join(", ", known)}. " +
                        "Set AllowNewFields to add it anyway.");
                }

                overrides.NewFields.AddRange(given.OfType<string>().Select(value => new FormEntry(name, value)));
                continue;
            }

            var toggles = named.Where(control => FormControls.TypeOf(control) is "checkbox" or "radio").ToList();
            if (toggles.Count > 0)
            {
                overrides.SetChecked(name, toggles, given, describeForm);
            }
            else if (named[0] is IHtmlSelectElement select)
            {
                overrides._selected[select] = given.OfType<string>().ToList();
            }
            else
            {
                overrides.SetValues(named, given);
            }
        }

        return overrides;
    }

    public bool IsChecked(IElement control) =>
        _checked.TryGetValue(control, out var isChecked) ? isChecked : control.HasAttribute("checked");

    public bool TryGetSelected(IElement select, out List<string> values) => _selected.TryGetValue(select, out values!);

    /// <summary>Returns the value a text-like control submits; null when the caller removed it.</summary>
    public string? ValueOf(IElement control, Func<string> original) =>
        _values.TryGetValue(control, out var value) ? value : original();

    public IReadOnlyList<string> ExtrasAfter(IElement control) =>
        _extrasAfter.TryGetValue(control, out var extras) ? extras : [];

    private static bool IsButton(IElement control) =>
        control is IHtmlButtonElement || FormControls.TypeOf(control) is "submit" or "image" or "reset" or "button";

    private void SetChecked(string name, List<IElement> toggles, List<string?> given, Func<string> describeForm)
    {
        var toCheck = new HashSet<IElement>();
        foreach (var value in given)
        {
            if (value is null || FalseWords.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            // A value names the box to check; "true" or "on" checks a lone box whatever its value attribute says.
            var match = toggles.Where(toggle => (toggle.GetAttribute("value") ?? "on") == value).ToList();
            if (match.Count == 0 && toggles.Count == 1 && TrueWords.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                match = toggles;
            }

            if (match.Count == 0)
            {
                var choices = toggles.Select(toggle => toggle.GetAttribute("value") ?? "on");
                throw new FormException(
                    $"{describeForm()} has no choice '{value}' for '{name}'; the choices are: {string.Join(", ", choices)}.");
            }

            if (FormControls.TypeOf(match[0]) == "radio")
            {
                // One radio of a group is checked at a time: the last value given wins.
                toCheck.RemoveWhere(element => FormControls.TypeOf(element) == "radio");
                toCheck.Add(match[0]);
            }
            else
            {
                toCheck.UnionWith(match);
            }
        }

        foreach (var toggle in toggles)
        {
            _checked[toggle] = toCheck.Contains(toggle);
        }
    }

    private void SetValues(List<IElement> named, List<string?> given)
    {
        // The i-th value goes to the i-th control of that name; values beyond the controls follow the last one,
        // and controls beyond the values are left out, as the caller asked for exactly these values.
        for (var i = 0; i < named.Count; i++)
        {
            _values[named[i]] = i < given.Count ? given[i] : null;
        }

        if (given.Count > named.Count)
        {
            _extrasAfter[named[^1]] = given.Skip(named.Count).OfType<string>().ToList();
        }
    }
}
