namespace Scraper.Items;

/// <summary>Thrown by a pipeline stage to drop an item; the reason is logged and counted, and the crawl goes on.</summary>
public sealed class DropItemException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DropItemException()
        : this("dropped")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="reason">A short reason, counted in the stats (for example <c>missing price</c>).</param>
    public DropItemException(string reason)
        : base(reason)
    {
        Reason = reason;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="reason">The reason.</param>
    /// <param name="innerException">The cause.</param>
    public DropItemException(string reason, Exception innerException)
        : base(reason, innerException)
    {
        Reason = reason;
    }

    /// <summary>Gets the reason counted in the stats.</summary>
    public string Reason { get; }
}
