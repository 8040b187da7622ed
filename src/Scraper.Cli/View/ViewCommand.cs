using System.CommandLine;
using System.Text;
using Scraper.Cli.Fetching;

namespace Scraper.Cli.View;

/// <summary><c>scraper view URL</c>: saves the page as the crawler sees it and prints the file's path.</summary>
internal static class ViewCommand
{
    public static Command Create(ToolConsole console)
    {
        var url = new Argument<string>("url") { Description = "The page to save" };
        var output = new Option<string?>("--output", "-o") { Description = "The file to write; a new file in the temp folder when not given" };
        var setup = new SessionSetup();
        var command = new Command("view", "Save a page as the crawler sees it (decoded, with <base href>) and print the file's path") { url, output };
        setup.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            await using var session = setup.Create(result);
            var page = await PageFetcher.GetAsync(session, result.GetValue(url)!, cancellationToken);
            ResponsePrinter.WriteStatus(console.Error, page.Inner);
            if (!page.IsHtml)
            {
                await console.Error.WriteLineAsync($"Note: the answer is {page.Inner.ContentType ?? "untyped"}, not HTML; saved as text.");
            }

            var file = Path.GetFullPath(result.GetValue(output)
                ?? Path.Combine(Path.GetTempPath(), $"scraper-view-{page.Url.Host}-{Guid.NewGuid():N}.html"));
            await File.WriteAllTextAsync(file, PageSnapshot.Render(page), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
            await console.Out.WriteLineAsync(file);
            return 0;
        }));
        return command;
    }
}
