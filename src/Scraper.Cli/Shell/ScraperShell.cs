using AngleSharp.Dom;
using Scraper.Cli.Fetching;
using Scraper.Crawling;
using Scraper.Crawling.Links;
using Scraper.Http;

namespace Scraper.Cli.Shell;

/// <summary>
/// <c>scraper shell</c>: a prompt on a fetched page, the way <c>scrapy shell</c> is used to try selectors. It reads
/// one command a line from its reader and answers on its writer, so a test drives it through its input stream.
/// </summary>
internal sealed class ScraperShell(Session session, TextReader input, TextWriter output)
{
    /// <summary>How much of an element's outer HTML a match shows.</summary>
    internal const int ShownHtmlLength = 160;

    private Response? _page;
    private IReadOnlyList<Link> _links = [];

    /// <summary>Gets the page the commands work on, or null before the first successful fetch.</summary>
    public Response? Page => _page;

    /// <summary>Fetches the first page, then answers commands until <c>quit</c> or the end of the input.</summary>
    /// <param name="url">The first page, or null to start with none.</param>
    /// <param name="cancellationToken">Stops the shell.</param>
    /// <returns>A task that completes when the shell ends.</returns>
    public async Task RunAsync(string? url, CancellationToken cancellationToken = default)
    {
        if (url is not null)
        {
            await FetchAsync(url, cancellationToken);
        }

        await output.WriteLineAsync("Type a CSS selector, or 'help'.");
        while (true)
        {
            await output.WriteAsync("scraper> ");
            await output.FlushAsync(cancellationToken);
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || !await ExecuteAsync(line.Trim(), cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>Runs one command.</summary>
    /// <param name="line">The command line, trimmed.</param>
    /// <param name="cancellationToken">Cancels a fetch.</param>
    /// <returns>False when the shell should end.</returns>
    internal async Task<bool> ExecuteAsync(string line, CancellationToken cancellationToken = default)
    {
        var (verb, rest) = Split(line);
        switch (verb)
        {
            case "":
                return true;
            case "quit" or "exit":
                return false;
            case "help" or "?":
                await output.WriteLineAsync(ShellHelp.Text);
                return true;
            case "fetch":
                await FetchAsync(rest, cancellationToken);
                return true;
            case "follow":
                await FollowAsync(rest, cancellationToken);
                return true;
        }

        if (_page is not { } page)
        {
            await output.WriteLineAsync("No page yet: 'fetch URL' first.");
            return true;
        }

        try
        {
            Answer(page, verb, rest, line);
        }
        catch (DomException ex)
        {
            await output.WriteLineAsync($"Not a valid selector: {ex.Message}");
        }

        return true;
    }

    private void Answer(Response page, string verb, string rest, string line)
    {
        switch (verb)
        {
            case "status":
                ResponsePrinter.WriteStatus(output, page.Inner);
                break;
            case "headers":
                ResponsePrinter.WriteHeaders(output, page.Inner);
                break;
            case "text" when rest.Length > 0:
                WriteList(page.Document.SelectTexts(rest));
                break;
            // The selector may hold spaces; the attribute is the last word.
            case "attr" when rest.LastIndexOf(' ') is var space and > 0:
                var (selector, attribute) = (rest[..space].Trim(), rest[(space + 1)..]);
                WriteList(page.SelectAttributes(selector, attribute));
                break;
            case "links":
                _links = new LinkExtractor { RestrictCss = rest.Length > 0 ? [rest] : [] }.Extract(page);
                for (var i = 0; i < _links.Count; i++)
                {
                    output.WriteLine($"[{i}] {_links[i].Url}  {Shorten(_links[i].Text, 60)}");
                }

                output.WriteLine($"{_links.Count} link(s); 'follow N' opens one.");
                break;
            case "text" or "attr":
                output.WriteLine($"Usage: {(verb == "text" ? "text SELECTOR" : "attr SELECTOR NAME")}");
                break;
            default:
                WriteMatches(page.Css(line));
                break;
        }
    }

    private async Task FollowAsync(string target, CancellationToken cancellationToken)
    {
        if (_page is not { } page)
        {
            await output.WriteLineAsync("No page yet: 'fetch URL' first.");
            return;
        }

        if (int.TryParse(target, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            if (index < 0 || index >= _links.Count)
            {
                await output.WriteLineAsync($"No link [{index}]: 'links' lists {_links.Count}.");
                return;
            }

            target = _links[index].Url.AbsoluteUri;
        }

        if (target.Length == 0 || page.Follow(target) is not { } request)
        {
            await output.WriteLineAsync($"Cannot follow '{target}': not an http(s) link.");
            return;
        }

        await FetchAsync(request.Url.AbsoluteUri, cancellationToken);
    }

    private async Task FetchAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            _page = await PageFetcher.GetAsync(session, url, cancellationToken);
            _links = [];
            ResponsePrinter.WriteStatus(output, _page.Inner);
        }
        catch (Exception ex) when (FailureMessage.IsReported(ex))
        {
            // A failed fetch keeps the page the user was on.
            await output.WriteLineAsync(FailureMessage.For(ex));
        }
    }

    private void WriteMatches(IHtmlCollection<IElement> matches)
    {
        for (var i = 0; i < matches.Length; i++)
        {
            output.WriteLine($"[{i}] {Shorten(matches[i].OuterHtml, ShownHtmlLength)}");
        }

        output.WriteLine($"{matches.Length} match(es)");
    }

    private void WriteList(IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            output.WriteLine($"[{i}] {values[i]}");
        }

        output.WriteLine($"{values.Count} value(s)");
    }

    // Whitespace collapsed to one space, so a match stays on one line.
    private static string Shorten(string text, int length)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= length ? flat : string.Concat(flat.AsSpan(0, length - 1), "…");
    }

    private static (string Verb, string Remainder) Split(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (line, string.Empty) : (line[..space], line[(space + 1)..].Trim());
    }
}
