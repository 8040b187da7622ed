namespace Scraper.Forms;

/// <summary>How a form of a page is chosen and submitted.</summary>
public sealed class FormSubmitOptions
{
    /// <summary>Gets or sets which form to submit.</summary>
    /// <value>The default value is <see cref="FormSelector.First"/>.</value>
    public FormSelector Form { get; set; } = FormSelector.First;

    /// <summary>
    /// Gets or sets a CSS selector for the submit button to click, whose <c>name=value</c> is sent and whose
    /// <c>formaction</c>, <c>formmethod</c> and <c>formenctype</c> apply. Null clicks the form's first submit button,
    /// as pressing Enter in a field does.
    /// </summary>
    public string? Submitter { get; set; }

    /// <summary>Gets or sets a value indicating whether no button is clicked (as <c>form.submit()</c> in script does).</summary>
    /// <value>The default value is false.</value>
    public bool NoSubmitter { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether values for names the form does not have are added as new fields.
    /// When false such a value is an error naming the field, which catches a typo or a changed page early.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool AllowNewFields { get; set; }
}
