using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Scraper.Tests.Crawling.Documented;

/// <summary>
/// Compiles a documentation snippet as a user's console project would (the SDK's implicit usings, nullable on,
/// the Scraper assemblies and the framework referenced), with Roslyn, in memory.
/// </summary>
internal static class SnippetCompiler
{
    // The usings `<ImplicitUsings>enable</ImplicitUsings>` gives a console project (Microsoft.NET.Sdk).
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    // Every assembly this test process may load: the framework, ASP.NET Core's shared framework, the Scraper
    // assemblies and their packages. Read once; the references are immutable.
    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Scraper.Crawling.Crawler).Assembly.Location)
            .Append(typeof(Scraper.Testing.SpiderTest).Assembly.Location)
            .Append(typeof(Scraper.Sqlite.SqliteCrawlJob).Assembly.Location)
            .Append(typeof(Scraper.Redis.RedisCrawl).Assembly.Location)
            .Append(typeof(Scraper.Playwright.PlaywrightDownloadHandler).Assembly.Location)
            .DistinctBy(Path.GetFileName, StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path))]);

    /// <summary>Compiles the code (with a context file for a fragment) and returns its errors and warnings, or the image.</summary>
    public static (byte[]? Image, IReadOnlyList<string> Problems) Compile(string code, string? contextFile = null)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var snippet = CSharpSyntaxTree.ParseText(code, parse, path: "README.md");
        List<SyntaxTree> trees = [snippet, CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "ImplicitUsings.cs")];
        if (contextFile is not null)
        {
            trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(ReadmeSnippets.RepositoryRoot, contextFile)), parse, path: contextFile));
        }

        var program = snippet.GetRoot().DescendantNodes().OfType<GlobalStatementSyntax>().Any();
        var options = new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        var compilation = CSharpCompilation.Create("ReadmeSnippet", trees, References.Value, options);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var problems = emitted.Diagnostics
            .Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning && diagnostic.Id != "CS8019")
            .Select(diagnostic => diagnostic.ToString())
            .ToList();
        return (emitted.Success ? image.ToArray() : null, problems);
    }

    /// <summary>Loads a compiled snippet in a context of its own, sharing the Scraper assemblies with the test.</summary>
    public static Assembly Load(byte[] image) =>
        new AssemblyLoadContext("ReadmeSnippet", isCollectible: true).LoadFromStream(new MemoryStream(image));
}
