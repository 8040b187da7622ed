using System.CommandLine;

namespace Scraper.Cli.Fetching;

/// <summary><c>scraper fetch URL</c>: one GET through a session; status, headers and final URL to stderr, the body to stdout or a file.</summary>
internal static class FetchCommand
{
    public static Command Create(ToolConsole console)
    {
        var url = new Argument<string>("url") { Description = "The page to fetch (http or https)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the body to this file instead of stdout" };
        var fail = new Option<bool>("--fail") { Description = "Exit 1 when the status is 400 or above" };
        var setup = new SessionSetup();
        var command = new Command("fetch", "Fetch a page through a session: status, headers and final URL to stderr, the body to stdout") { url, output, fail };
        setup.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            await using var session = setup.Create(result);
            var response = await session.GetAsync(result.GetValue(url)!, cancellationToken).ConfigureAwait(false);
            ResponsePrinter.WriteStatus(console.Error, response);
            ResponsePrinter.WriteHeaders(console.Error, response);
            if (result.GetValue(output) is { } file)
            {
                await File.WriteAllBytesAsync(file, response.Body, cancellationToken).ConfigureAwait(false);
                console.Error.WriteLine($"Saved {response.Body.Length:N0} bytes to {Path.GetFullPath(file)}");
            }
            else
            {
                await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                await using var body = console.OpenBody();
                await body.WriteAsync(response.Body, cancellationToken).ConfigureAwait(false);
                await body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return result.GetValue(fail) && (int)response.StatusCode >= 400 ? 1 : 0;
        }));
        return command;
    }
}
