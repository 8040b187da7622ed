using System.CommandLine;

namespace Scraper.Cli.Projects;

/// <summary><c>scraper genspider NAME URL</c>: a spider class (start URL, allowed domain, a Parse stub with a contract) in the current project.</summary>
internal static class GenSpiderCommand
{
    public static Command Create(ToolConsole console)
    {
        var name = new Argument<string>("name") { Description = "The spider's name, for example books or book-store" };
        var url = new Argument<string>("url") { Description = "The start URL (https:// is assumed when no scheme is given)" };
        var project = new Option<string?>("--project", "-p") { Description = "The project (a folder or .csproj); the current folder when not given" };
        var command = new Command("genspider", "Write a spider class for a site into the project") { name, url, project };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var spiderName = result.GetValue(name)!;
            var className = Identifiers.SpiderClass(spiderName);
            var start = StartUrl(result.GetValue(url)!);
            var target = ProjectFolder.Find(result.GetValue(project));
            var file = Path.Combine(target.Folder, className + ".cs");
            if (File.Exists(file))
            {
                throw new IOException($"{file} exists already; choose another name.");
            }

            await File.WriteAllTextAsync(file, SpiderSource(target.RootNamespace, className, spiderName.ToLowerInvariant(), start), cancellationToken);
            await console.Out.WriteLineAsync($"Created {file}: {className}, starting at {start.AbsoluteUri}");
            await console.Out.WriteLineAsync($"Run it by registering it in Program.cs: .AddSpider<{className}>() beside the spider there (--spider {spiderName.ToLowerInvariant()} runs it alone).");
            return 0;
        }));
        return command;
    }

    private static Uri StartUrl(string text)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        return Uri.TryCreate(withScheme, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new ArgumentException($"'{text}' is not an http or https URL.");
    }

    // Uri.AbsoluteUri escapes quotes and backslashes, so the URL is safe inside a C# string literal.
    internal static string SpiderSource(string ns, string className, string spiderName, Uri start) => $$"""
        using Scraper.Crawling;
        using Scraper.Crawling.Contracts;

        namespace {{ns}};

        /// <summary>Crawls {{start.Host}}, starting at {{start.AbsoluteUri}}.</summary>
        public sealed class {{className}} : Spider
        {
            /// <inheritdoc />
            public override string Name => "{{spiderName}}";

            /// <inheritdoc />
            public override IEnumerable<string> StartUrls => ["{{start.AbsoluteUri}}"];

            /// <inheritdoc />
            public override IEnumerable<string> AllowedDomains => ["{{start.Host}}"];

            /// <summary>The start page: yield items, and requests for the pages to visit next.</summary>
            /// <inheritdoc />
            [Contract("{{start.AbsoluteUri}}")]
            [Returns(Items = 1)]
            [Scrapes("Url", "Title")]
            public override IEnumerable<object> Parse(Response response)
            {
                yield return new {{className}}Page(response.Url.AbsoluteUri, response.SelectText("title") ?? string.Empty);

                // Follow links with a selector, for example the next page:
                // foreach (var next in response.FollowAll("a.next")) yield return next;
            }
        }

        /// <summary>What the spider scrapes from a page.</summary>
        /// <param name="Url">The page.</param>
        /// <param name="Title">Its title.</param>
        public sealed record {{className}}Page(string Url, string Title);

        """;
}
