namespace Scraper.Cli.Shell;

/// <summary>The shell's help text.</summary>
internal static class ShellHelp
{
    public const string Text = """
        SELECTOR            the elements matching a CSS selector (outer HTML, shortened) and their count
        text SELECTOR       the trimmed text of every match
        attr SELECTOR NAME  an attribute of every match (for example: attr a.next href)
        links [SELECTOR]    the page's links (within SELECTOR), numbered
        follow N|URL        fetch link N of 'links', or a URL relative to the page, through the same session
        fetch URL           fetch another page through the same session
        status              the status, redirects and final URL
        headers             the response headers
        help                this text
        quit                leave (end of input does too)
        """;
}
