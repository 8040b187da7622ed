namespace Scraper.Cli.Tests;

/// <summary>A fresh folder under the temp path, deleted with its contents when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"scraper-cli-{Guid.NewGuid():N}")).FullName;

    public string At(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
