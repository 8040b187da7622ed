namespace Scraper.Http;

/// <summary>
/// One part of a <c>multipart/form-data</c> body: a plain field or a file. Its name, file name and media type go
/// into the part's headers, so a control character in them (CR, LF, NUL ...) is refused when the part is made (H3).
/// </summary>
/// <param name="Name">The field name.</param>
/// <param name="Data">The part's bytes (a plain field's value is encoded in the form's charset).</param>
/// <param name="FileName">The file name, for a file part; null for a plain field.</param>
/// <param name="ContentType">The part's media type; <c>application/octet-stream</c> for files when null.</param>
/// <exception cref="InvalidHeaderException">The name, file name or media type holds a control character.</exception>
public sealed record MultipartField(string Name, ReadOnlyMemory<byte> Data, string? FileName = null, string? ContentType = null)
{
    /// <summary>Gets the field name.</summary>
    public string Name { get; init => field = Checked(value, "name")!; } = Checked(Name, "name")!;

    /// <summary>Gets the file name, for a file part.</summary>
    public string? FileName { get; init => field = Checked(value, "filename"); } = Checked(FileName, "filename");

    /// <summary>Gets the part's media type.</summary>
    public string? ContentType { get; init => field = Checked(value, "Content-Type"); } = Checked(ContentType, "Content-Type");

    /// <summary>Creates a plain text field.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value.</param>
    /// <param name="encoding">The form's charset; UTF-8 when null.</param>
    /// <returns>The part.</returns>
    public static MultipartField Text(string name, string value, System.Text.Encoding? encoding = null) =>
        new(name, (encoding ?? System.Text.Encoding.UTF8).GetBytes(value));

    /// <summary>Creates a file field.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="fileName">The file name sent to the server.</param>
    /// <param name="data">The file's bytes.</param>
    /// <param name="contentType">The file's media type.</param>
    /// <returns>The part.</returns>
    public static MultipartField File(string name, string fileName, ReadOnlyMemory<byte> data, string contentType = "application/octet-stream") =>
        new(name, data, fileName, contentType);

    private static string? Checked(string? value, string what)
    {
        if (what == "name")
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Name));
        }

        if (value is not null && value.Any(static c => c is < ' ' and not '\t' or '\x7f'))
        {
            throw new InvalidHeaderException(what == "Content-Type" ? "Content-Type" : "Content-Disposition",
                $"the form part's {what} has a control character (CR, LF, NUL and the like are never sent)");
        }

        return value;
    }
}
