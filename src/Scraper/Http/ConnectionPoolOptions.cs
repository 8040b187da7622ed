namespace Scraper.Http;

/// <summary>The connection pool of a session's one <see cref="SocketsHttpHandler"/> (semantics N1).</summary>
public sealed class ConnectionPoolOptions
{
    /// <summary>Gets or sets the most connections open to one server at once.</summary>
    /// <value>The default value is <see cref="int.MaxValue"/>: the engine's per-domain limits decide.</value>
    public int MaxConnectionsPerServer { get; set; } = int.MaxValue;

    /// <summary>Gets or sets how long a connection is reused before it is replaced, so DNS changes are seen.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan PooledConnectionLifetime { get; set; } = SessionDefaults.PooledConnectionLifetime;

    /// <summary>Gets or sets how long an idle connection stays open.</summary>
    /// <value>The default value is 90 seconds.</value>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = SessionDefaults.PooledConnectionIdleTimeout;

    /// <summary>Gets or sets how long establishing a connection (TCP and TLS) may take.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = SessionDefaults.ConnectTimeout;

    internal void CopyTo(ConnectionPoolOptions target)
    {
        target.MaxConnectionsPerServer = MaxConnectionsPerServer;
        target.PooledConnectionLifetime = PooledConnectionLifetime;
        target.PooledConnectionIdleTimeout = PooledConnectionIdleTimeout;
        target.ConnectTimeout = ConnectTimeout;
    }
}
