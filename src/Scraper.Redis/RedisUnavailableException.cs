namespace Scraper.Redis;

/// <summary>Redis could not be reached (or refused the credentials); the message names the address, never a password.</summary>
public sealed class RedisUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming the address.</param>
    public RedisUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming the address.</param>
    /// <param name="innerException">The client's error.</param>
    public RedisUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
