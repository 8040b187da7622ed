namespace Scraper.IO;

/// <summary>
/// Writes a file so that a reader sees the old content or the new, never half of it: the bytes go to a
/// temporary file beside the target (a name starting with a dot and ending in <c>.tmp</c>, which readers
/// skip) and are moved over it; a crash mid-write leaves the old file whole and at most a stray temporary file.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <param name="path">The target file; its folder is created.</param>
    /// <param name="write">Writes the content to the temporary file's stream.</param>
    /// <param name="ownerOnly">Create the file readable by its owner only (it holds secrets).</param>
    /// <param name="flushToDisk">Flush to the disk before the move, so the new content survives a power cut.</param>
    /// <param name="cancellationToken">Cancels the write; the target is left as it was.</param>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, bool ownerOnly, bool flushToDisk, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = TemporaryPathFor(full);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            var stream = new FileStream(temporary, options);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                if (flushToDisk)
                {
                    stream.Flush(flushToDisk: true);
                }
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Returns a new temporary file name beside <paramref name="fullPath"/>, one <see cref="IsTemporary"/> recognises.</summary>
    /// <param name="fullPath">The target, a full path.</param>
    /// <returns>The temporary file's full path; unique, so runs or writers never share one.</returns>
    public static string TemporaryPathFor(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");

    /// <summary>Tells whether a file name is one of the temporary files <see cref="WriteAsync"/> writes.</summary>
    /// <param name="fileName">The file name.</param>
    /// <returns>True for a temporary file.</returns>
    public static bool IsTemporary(string fileName) =>
        fileName.StartsWith('.') && fileName.EndsWith(".tmp", StringComparison.Ordinal);
}
