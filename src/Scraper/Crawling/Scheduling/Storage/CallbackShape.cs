using System.Reflection;

namespace Scraper.Crawling.Scheduling.Storage;

/// <summary>The four shapes a callback or errback comes in, as the delegate type a method of that shape binds to.</summary>
internal static class CallbackShape
{
    /// <summary>Returns the delegate type a method binds to, or null when it is not shaped as a callback or errback.</summary>
    public static Type? Of(MethodInfo method)
    {
        var parameters = method.GetParameters();
        if (method.ReturnType == typeof(IEnumerable<object>) && parameters.Length == 1)
        {
            return parameters[0].ParameterType == typeof(Response) ? typeof(Func<Response, IEnumerable<object>>)
                : parameters[0].ParameterType == typeof(RequestFailure) ? typeof(Func<RequestFailure, IEnumerable<object>>)
                : null;
        }

        if (method.ReturnType == typeof(IAsyncEnumerable<object>) && parameters.Length == 2 && parameters[1].ParameterType == typeof(CancellationToken))
        {
            return parameters[0].ParameterType == typeof(Response) ? typeof(Func<Response, CancellationToken, IAsyncEnumerable<object>>)
                : parameters[0].ParameterType == typeof(RequestFailure) ? typeof(Func<RequestFailure, CancellationToken, IAsyncEnumerable<object>>)
                : null;
        }

        return null;
    }
}
