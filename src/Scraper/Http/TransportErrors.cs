using System.Net.Sockets;
using System.Security.Authentication;

namespace Scraper.Http;

/// <summary>Turns .NET's transport exceptions into a <see cref="SessionConnectionException"/> that says what failed.</summary>
internal static class TransportErrors
{
    public static SessionConnectionException Translate(Uri url, HttpRequestException exception)
    {
        var failure = exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => ConnectionFailure.NameResolution,
            HttpRequestError.SecureConnectionError => ConnectionFailure.Tls,
            HttpRequestError.ResponseEnded => ConnectionFailure.ConnectionReset,
            HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => ConnectionFailure.Protocol,
            _ => FromInner(exception),
        };
        return new SessionConnectionException(url, failure, exception);
    }

    private static ConnectionFailure FromInner(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return ConnectionFailure.ConnectionRefused;
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return ConnectionFailure.NameResolution;
                case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown }:
                    return ConnectionFailure.ConnectionReset;
                case AuthenticationException:
                    return ConnectionFailure.Tls;
            }
        }

        return ConnectionFailure.Other;
    }
}
