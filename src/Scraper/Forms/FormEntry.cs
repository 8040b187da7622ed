namespace Scraper.Forms;

/// <summary>One name/value pair of a form's entry list; a file control contributes its (empty) file name.</summary>
/// <param name="Name">The control's name.</param>
/// <param name="Value">The value, or the file name for a file control.</param>
/// <param name="IsFile">Whether the entry stands for a file control.</param>
internal readonly record struct FormEntry(string Name, string Value, bool IsFile = false);
