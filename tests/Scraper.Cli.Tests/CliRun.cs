using System.Text;

namespace Scraper.Cli.Tests;

/// <summary>Runs the scraper command line in process against in-memory streams.</summary>
internal sealed class CliRun
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private readonly MemoryStream _body = new();

    private CliRun(string input) => Console = new ToolConsole(new StringReader(input), _out, _error, () => _body);

    public ToolConsole Console { get; }

    public int ExitCode { get; private set; }

    public string Out => _out.ToString();

    public string Error => _error.ToString();

    public string Body => Encoding.UTF8.GetString(_body.ToArray());

    public static async Task<CliRun> WithInputAsync(string input, params string[] args)
    {
        var run = new CliRun(input);
        run.ExitCode = await ScraperApp.RunAsync(args, run.Console);
        return run;
    }

    public static Task<CliRun> RunAsync(params string[] args) => WithInputAsync(string.Empty, args);
}
