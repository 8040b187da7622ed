namespace Scraper.Hosting.Status;

/// <summary>The page itself, an embedded file: one HTML document with its script, no external resource.</summary>
internal static class StatusPage
{
    public static readonly string Html = Load();

    private static string Load()
    {
        using var stream = typeof(StatusPage).Assembly.GetManifestResourceStream("Scraper.Hosting.Status.StatusPage.html")
            ?? throw new InvalidOperationException("The status page resource is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
