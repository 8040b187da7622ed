namespace Scraper.Sqlite;

/// <summary>
/// A job file cannot be used: damaged, not a SQLite file, a SQLite file Scraper did not write, written by an
/// incompatible version, or in use by another process. The message names the file; nothing in it was changed.
/// </summary>
public sealed class JobFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    public JobFileException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with which file, and what to do.</param>
    public JobFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with which file.</param>
    /// <param name="innerException">The cause.</param>
    public JobFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the job file.</summary>
    public string? Path { get; init; }
}
