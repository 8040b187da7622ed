namespace Scraper.Playwright;

/// <summary>
/// What a rendering captured besides the DOM, when its <see cref="RenderOptions"/> asked: a PNG screenshot and a
/// PDF of the page as it was read. Read it in the callback with <see cref="RenderResponseExtensions.Capture"/>
/// and put the bytes (or a file written from them) into the item.
/// </summary>
/// <param name="Screenshot">The PNG bytes; null when not asked for.</param>
/// <param name="Pdf">The PDF bytes; null when not asked for.</param>
public sealed record RenderCapture(ReadOnlyMemory<byte>? Screenshot, ReadOnlyMemory<byte>? Pdf)
{
    /// <summary>Writes the screenshot to a file, creating its folder.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="InvalidOperationException">The rendering took no screenshot.</exception>
    public Task SaveScreenshotAsync(string path, CancellationToken cancellationToken = default) =>
        SaveAsync(path, Screenshot ?? throw new InvalidOperationException($"The rendering took no screenshot: set {nameof(RenderOptions)}.{nameof(RenderOptions.Screenshot)}."), cancellationToken);

    /// <summary>Writes the PDF to a file, creating its folder.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="InvalidOperationException">The rendering made no PDF.</exception>
    public Task SavePdfAsync(string path, CancellationToken cancellationToken = default) =>
        SaveAsync(path, Pdf ?? throw new InvalidOperationException($"The rendering made no PDF: set {nameof(RenderOptions)}.{nameof(RenderOptions.Pdf)}."), cancellationToken);

    private static async Task SaveAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        await File.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
    }
}
