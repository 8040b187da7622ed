namespace Scraper.Forms;

/// <summary>
/// A form could not be submitted as asked: the page has no such form, the form has no field of a given name, or
/// the named submit button does not exist. The message names the page and what is missing.
/// </summary>
public sealed class FormException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FormException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, naming the page.</param>
    public FormException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public FormException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
