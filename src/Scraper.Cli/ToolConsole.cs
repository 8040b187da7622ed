namespace Scraper.Cli;

/// <summary>
/// The streams a command talks through: the process's console when run, a test's readers and writers in tests.
/// Text (status, headers, shell answers) goes to <see cref="Out"/> and <see cref="Error"/>; a page body goes to
/// <see cref="OpenBody"/> as bytes, so a binary or non-UTF-8 body reaches a pipe unchanged.
/// </summary>
internal sealed class ToolConsole(TextReader input, TextWriter output, TextWriter error, Func<Stream> openBody)
{
    /// <summary>Gets the process's own console.</summary>
    public static ToolConsole System { get; } = new(Console.In, Console.Out, Console.Error, Console.OpenStandardOutput);

    /// <summary>Gets the input (the shell's commands).</summary>
    public TextReader In { get; } = input;

    /// <summary>Gets the output for results.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Gets the output for status lines and errors.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Opens the raw standard output for a body; the caller disposes it.</summary>
    /// <returns>The stream.</returns>
    public Stream OpenBody() => openBody();
}
