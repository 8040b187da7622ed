using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Xml.Linq;
using Scraper.Cli.Projects;

namespace Scraper.Cli.Tests.Packaging;

/// <summary>What a user gets from the packages: their metadata and files, and a project made from the template on them.</summary>
public sealed class PackageTests(PackageFeed feed) : IClassFixture<PackageFeed>
{
    [Theory]
    [InlineData("Scraper", "lib/net10.0/Scraper.dll")]
    [InlineData("Scraper.Sqlite", "lib/net10.0/Scraper.Sqlite.dll")]
    [InlineData("Scraper.Redis", "lib/net10.0/Scraper.Redis.dll")]
    [InlineData("Scraper.Hosting", "lib/net10.0/Scraper.Hosting.dll")]
    [InlineData("Scraper.DemoShop", "lib/net10.0/DemoShop.dll")]
    [InlineData("Scraper.Cli", "tools/net10.0/any/Scraper.Cli.dll")]
    public void Package_Metadata_LicenseReadmeRepositoryAndSymbols(string id, string assembly)
    {
        using var package = ZipFile.OpenRead(feed.PackagePath(id));
        var metadata = Nuspec(package, id);
        var properties = RepositoryProperties();

        Assert.Equal(feed.Version, Field(metadata, "version")?.Value);
        Assert.Equal("expression", Field(metadata, "license")?.Attribute("type")?.Value);
        Assert.Equal("MIT", Field(metadata, "license")?.Value);
        Assert.Equal(properties["RepositoryUrl"], Field(metadata, "repository")?.Attribute("url")?.Value);
        Assert.Equal("git", Field(metadata, "repository")?.Attribute("type")?.Value);
        Assert.Equal("README.md", Field(metadata, "readme")?.Value);
        var readme = Text(package, "README.md");
        var expected = id == "Scraper.DemoShop" ? "examples/DemoShop/README.md" : "README.md";
        Assert.Equal(File.ReadAllText(Path.Combine(PackageFeed.Repository, expected)), readme);
        Assert.NotNull(package.GetEntry(assembly));
        using var symbols = ZipFile.OpenRead(feed.PackagePath(id, ".snupkg"));
        Assert.Contains(symbols.Entries, entry => entry.FullName == Path.ChangeExtension(assembly, ".pdb"));
    }

    [Fact]
    public void Package_Scraper_CarriesTheRunTimeSettingsForEveryConsumer()
    {
        using var package = ZipFile.OpenRead(feed.PackagePath("Scraper"));

        Assert.Equal(File.ReadAllText(Path.Combine(PackageFeed.Repository, "src/Scraper/buildTransitive/Scraper.props")), Text(package, "buildTransitive/Scraper.props"));
    }

    [Fact]
    public async Task Package_Templates_DotnetNewMakesTheSameProjectAsScraperNew()
    {
        using (var package = ZipFile.OpenRead(feed.PackagePath("Scraper.Templates")))
        {
            var metadata = Nuspec(package, "Scraper.Templates");
            Assert.Equal("MIT", Field(metadata, "license")?.Value);
            Assert.Equal("README.md", Field(metadata, "readme")?.Value);
            Assert.NotNull(package.GetEntry("content/scraper/.template.config/template.json"));
        }

        // A template registry of its own, so the user's is left alone.
        var hive = Path.Combine(feed.Root, "template-hive");
        var fromDotnetNew = Path.Combine(feed.Root, "dotnet-new", "MyShop");
        var fromScraperNew = Path.Combine(feed.Root, "scraper-new", "MyShop");
        var none = new Dictionary<string, string>();
        var install = await DotnetCommand.RunAsync(feed.Root, none, "new", "install", feed.PackagePath("Scraper.Templates"), "--debug:custom-hive", hive);
        var create = await DotnetCommand.RunAsync(feed.Root, none, "new", "scraper", "-n", "MyShop", "-o", fromDotnetNew, "--debug:custom-hive", hive);
        var written = await ProjectTemplate.WriteAsync(fromScraperNew, "MyShop", ProjectTemplate.DefaultRepoRoot);

        Assert.True(install.ExitCode == 0, install.Output);
        Assert.True(create.ExitCode == 0, create.Output);
        Assert.Equal(written.Order(StringComparer.Ordinal), Directory.GetFiles(fromDotnetNew, "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(fromDotnetNew, file)).Order(StringComparer.Ordinal));
        Assert.All(written, file => Assert.Equal(File.ReadAllText(Path.Combine(fromScraperNew, file)), File.ReadAllText(Path.Combine(fromDotnetNew, file))));
    }

    // Slow on purpose (a restore and a build from the packages, then a crawl): the proof that the template works
    // where there is no checkout, from packed packages alone.
    [Fact]
    public async Task Template_FromPackages_BuildsAnswersHelpAndCrawlsTheDemoShop()
    {
        var apps = Directory.CreateDirectory(Path.Combine(feed.Root, "apps")).FullName;
        var project = Path.Combine(apps, "MyShop");
        await ProjectTemplate.WriteAsync(project, "MyShop", ProjectTemplate.DefaultRepoRoot);
        await File.WriteAllTextAsync(Path.Combine(apps, "nuget.config"), NugetConfig(feed.Folder, GlobalPackagesFolder()));
        // A packages folder of its own, so no package of an earlier run (same version, other code) is used.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(feed.Root, "packages") };

        var build = await DotnetCommand.RunAsync(project, environment, "build", "-c", "Release", "-nologo", "-v", "q", "--disable-build-servers");
        Assert.True(build.ExitCode == 0, build.Output);
        var bin = Path.Combine(project, "bin", "Release", "net10.0");
        var help = await DotnetCommand.RunAsync(project, environment, Path.Combine(bin, "MyShop.dll"), "--help");
        var unknown = await DotnetCommand.RunAsync(project, environment, Path.Combine(bin, "MyShop.dll"), "--no-such-switch");
        var startedNothing = !Directory.Exists(Path.Combine(project, "output")) && !Directory.Exists(Path.Combine(project, "state"));
        var crawl = await DotnetCommand.RunAsync(project, environment, Path.Combine(bin, "MyShop.dll"));

        // Built from the packages, not from sources, with the Scraper package's run-time settings.
        var assets = await File.ReadAllTextAsync(Path.Combine(project, "obj", "project.assets.json"));
        Assert.Contains($"\"Scraper.Hosting/{feed.Version}\"", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\": \"project\"", assets, StringComparison.Ordinal);
        using var runtimeConfig = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(bin, "MyShop.runtimeconfig.json")));
        var settings = runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(settings.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.False(settings.GetProperty("System.Runtime.TieredCompilation.QuickJit").GetBoolean());
        // The Release build starts from precompiled code (the template's ReadyToRun settings, the package's props copy the images).
        Assert.All(new[] { "MyShop.dll", "Scraper.dll", "Scraper.Hosting.dll", "AngleSharp.dll" }, file => Assert.True(IsReadyToRun(Path.Combine(bin, file)), file + " is not a ReadyToRun image"));
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("--url URL", help.Output, StringComparison.Ordinal);
        Assert.Contains("--check", help.Output, StringComparison.Ordinal);
        Assert.Contains("Scraper:MaxPages", help.Output, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("Unknown switch '--no-such-switch'", unknown.Output, StringComparison.Ordinal);
        Assert.True(startedNothing, "--help or a bad switch started a crawl");
        Assert.True(crawl.ExitCode == 0, crawl.Output);
        Assert.Contains("products: Completed, 1200 items", crawl.Output, StringComparison.Ordinal);
        Assert.Equal(1200, File.ReadLines(Path.Combine(project, "output", "products.jsonl")).Count());
    }

    private static bool IsReadyToRun(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var reader = new PEReader(stream);
        return reader.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    private static XElement Nuspec(ZipArchive package, string id) =>
        XDocument.Parse(Text(package, id + ".nuspec")).Root!.Elements().Single(e => e.Name.LocalName == "metadata");

    private static XElement? Field(XElement metadata, string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name);

    private static string Text(ZipArchive package, string path)
    {
        var entry = package.GetEntry(path) ?? throw new InvalidOperationException($"The package has no {path}.");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    // The values of Directory.Build.props that every package must carry.
    private static Dictionary<string, string> RepositoryProperties() =>
        XDocument.Load(Path.Combine(PackageFeed.Repository, "Directory.Build.props")).Descendants()
            .Where(e => e.Parent?.Name.LocalName == "PropertyGroup" && !e.HasElements)
            .GroupBy(e => e.Name.LocalName)
            .ToDictionary(g => g.Key, g => g.First().Value);

    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    // The Scraper packages from the feed only; every other package from the packages folder the checkout's own
    // build restored into (same versions), read as a local feed: no network, and no look-up of Scraper.* elsewhere.
    private static string NugetConfig(string feed, string cache) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="scraper" value="{feed}" />
            <add key="restored" value="{cache}" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="scraper">
              <package pattern="Scraper" />
              <package pattern="Scraper.*" />
            </packageSource>
            <packageSource key="restored">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        </configuration>
        """;
}
