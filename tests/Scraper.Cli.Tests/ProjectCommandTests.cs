using Scraper.Cli.Projects;

namespace Scraper.Cli.Tests;

public sealed class ProjectCommandTests
{
    private static readonly string Repository = RepositoryRoot.Above(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("The tests run from inside the Scraper checkout.");

    // Slow on purpose (one build of a new project, about a minute): the only test that proves `scraper new` makes a
    // project that builds and runs, that genspider's class compiles, and that check and crawl run it.
    [Fact]
    public async Task New_ThenGenSpiderCheckAndCrawl_ProjectBuildsChecksAndCrawlsTheDemoShop()
    {
        using var temp = new TempFolder();
        var project = temp.At("MyShop");

        var created = await CliRun.RunAsync("new", "MyShop", "--output", project, "--repo", Repository);
        var spider = await CliRun.RunAsync("genspider", "book-store", "books.toscrape.com", "--project", project);
        var check = await CliRun.RunAsync("check", project, "-c", "Debug");
        var help = await CliRun.RunAsync("crawl", project, "-c", "Debug", "--no-build", "--", "--help");
        var unknown = await CliRun.RunAsync("crawl", project, "-c", "Debug", "--no-build", "--", "--ouptut", "x.csv");
        var startedNothing = !Directory.Exists(Path.Combine(project, "output")) && !Directory.Exists(Path.Combine(project, "state"));
        var crawl = await CliRun.RunAsync("crawl", project, "-c", "Debug", "--no-build");
        // Read before the next run, which replaces the output file.
        var lines = File.ReadLines(Path.Combine(project, "output", "products.jsonl")).Count();
        var unreachable = await CliRun.RunAsync("crawl", project, "-c", "Debug", "--no-build", "--", "--check", "--url", "http://127.0.0.1:1/");

        Assert.Equal(0, created.ExitCode);
        Assert.All(["MyShop.csproj", "Product.cs", "ProductsSpider.cs", "Program.cs", "appsettings.json", ".gitignore"], file => Assert.True(File.Exists(Path.Combine(project, file)), file));
        Assert.Contains("namespace MyShop;", await File.ReadAllTextAsync(Path.Combine(project, "ProductsSpider.cs")), StringComparison.Ordinal);
        Assert.Equal(0, spider.ExitCode);
        Assert.Contains("public sealed class BookStoreSpider : Spider", await File.ReadAllTextAsync(Path.Combine(project, "BookStoreSpider.cs")), StringComparison.Ordinal);
        Assert.True(check.ExitCode == 0, check.Out + check.Error);
        Assert.Contains("PASS ParseProduct", check.Out, StringComparison.Ordinal);
        Assert.Contains("3 passed, 0 failed", check.Out, StringComparison.Ordinal);
        // --help lists the project's own switches, the common ones and the main keys, and starts nothing.
        Assert.True(help.ExitCode == 0, help.Out + help.Error);
        Assert.Contains("Usage: MyShop [switches]", help.Out, StringComparison.Ordinal);
        Assert.All(["--url URL", "--check", "--output, -o FILE", "--log-level LEVEL", "Scraper:MaxPages", "Scraper:StatsInterval"], text =>
            Assert.Contains(text, help.Out, StringComparison.Ordinal));
        // The project's own appsettings.json is in effect, and the help says so.
        Assert.Contains("00:00:10 (here: 00:00:01)", help.Out, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("Unknown switch '--ouptut'; did you mean '--output'? (see --help)", unknown.Error.Trim());
        Assert.True(startedNothing, "--help or a bad switch started a crawl");
        Assert.True(crawl.ExitCode == 0, crawl.Out + crawl.Error);
        Assert.Contains("products: Completed, 1200 items", crawl.Out, StringComparison.Ordinal);
        Assert.Equal(1200, lines);
        // The arguments after -- reached the project, and its failing exit code came back.
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("FAIL Parse http://127.0.0.1:1/", unreachable.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_OutsideCheckout_ReferencesThePackages()
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("new", "MyShop", "--output", temp.At("MyShop"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"referencing the Scraper packages (version {ProjectTemplate.PackageVersion})", run.Out, StringComparison.Ordinal);
        // The default path finds no checkout there, so the project file picks the PackageReferences itself.
        Assert.Contains("<ScraperRepository>../../</ScraperRepository>", await File.ReadAllTextAsync(temp.At("MyShop/MyShop.csproj")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_RepoNotACheckout_OneLineAndExit1()
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("new", "MyShop", "--output", temp.At("MyShop"), "--repo", temp.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("scraper: --repo ", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.At("MyShop")));
    }

    [Fact]
    public void Template_PackageVersion_IsTheRepositoryVersion()
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(Repository, "Directory.Build.props"));

        Assert.Equal(props.Descendants("VersionPrefix").Single().Value, ProjectTemplate.PackageVersion);
    }

    [Theory]
    [InlineData("my-shop")]
    [InlineData("1Shop")]
    [InlineData("Shop..Books")]
    public async Task New_NameNotAnIdentifier_Exit1(string name)
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("new", name, "--output", temp.At("x"), "--repo", Repository);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("must be letters", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_FolderNotEmpty_LeavesItAlone()
    {
        using var temp = new TempFolder();
        await File.WriteAllTextAsync(temp.At("keep.txt"), "mine");

        var run = await CliRun.RunAsync("new", "MyShop", "--output", temp.Path, "--repo", Repository);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["keep.txt"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task New_InsideCheckout_ReferencesSourcesRelatively()
    {
        var folder = Path.Combine(Repository, "scrapers", $"CliTest{Guid.NewGuid():N}");
        try
        {
            var run = await CliRun.RunAsync("new", "Probe", "--output", folder);

            Assert.Equal(0, run.ExitCode);
            var csproj = await File.ReadAllTextAsync(Path.Combine(folder, "Probe.csproj"));
            Assert.Contains("<ScraperRepository>../../</ScraperRepository>", csproj, StringComparison.Ordinal);
            Assert.Contains("<RootNamespace>Probe</RootNamespace>", csproj, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task GenSpider_ProjectWithRootNamespace_WritesSpiderThereOnce()
    {
        using var temp = new TempFolder();
        await File.WriteAllTextAsync(temp.At("Shop.csproj"), "<Project><PropertyGroup><RootNamespace>Acme.Shop</RootNamespace></PropertyGroup></Project>");

        var first = await CliRun.RunAsync("genspider", "books", "https://books.example/catalogue/", "-p", temp.Path);
        var again = await CliRun.RunAsync("genspider", "books", "https://books.example/", "-p", temp.Path);

        Assert.Equal(0, first.ExitCode);
        var source = await File.ReadAllTextAsync(temp.At("BooksSpider.cs"));
        Assert.Contains("namespace Acme.Shop;", source, StringComparison.Ordinal);
        Assert.Contains("public override string Name => \"books\";", source, StringComparison.Ordinal);
        Assert.Contains("StartUrls => [\"https://books.example/catalogue/\"]", source, StringComparison.Ordinal);
        Assert.Contains("AllowedDomains => [\"books.example\"]", source, StringComparison.Ordinal);
        Assert.Contains("[Contract(\"https://books.example/catalogue/\")]", source, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("exists already", again.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("genspider", "books", "ftp://files.example/")]
    [InlineData("genspider", "9lives", "https://a.example/")]
    [InlineData("crawl")]
    [InlineData("check")]
    public async Task ProjectCommands_NoProjectOrBadInput_OneLineAndExit1(params string[] args)
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync([.. args, .. args[0] == "genspider" ? ["-p", temp.Path] : (string[])[temp.Path]]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("scraper: ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("books", "BooksSpider")]
    [InlineData("book-store", "BookStoreSpider")]
    [InlineData("quotes_spider", "QuotesSpider")]
    public void SpiderClass_Names_ArePascalCaseEndingInSpider(string name, string expected) =>
        Assert.Equal(expected, Identifiers.SpiderClass(name));
}
