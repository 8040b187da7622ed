using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;
using Scraper.Http.Cookies;
using Scraper.Parsing;

namespace Scraper.Http;

/// <summary>
/// Sends one <see cref="SessionRequest"/>: merges the session's defaults in, runs the redirect loop (R1–R9),
/// applies the auth, cookie and header rules on every hop (A2, C8, R5, R6), retries each hop through the host's
/// pipeline (T1, T2), and reads the body within the size limit (N4).
/// </summary>
internal sealed class SessionTransport
{
    private readonly HttpMessageInvoker _invoker;
    private readonly SessionOptions _options;
    private readonly Func<SessionAuth?> _auth;
    private readonly CookieJar _cookies;
    private readonly RequestMessageBuilder _messages;
    private readonly RetryPipelines _retries;
    private readonly HtmlDocumentParser _parser;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public SessionTransport(
        HttpMessageInvoker invoker,
        SessionOptions options,
        SessionHeaders headers,
        Func<SessionAuth?> auth,
        CookieJar cookies,
        CsrfTokens csrf,
        HtmlDocumentParser parser,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _invoker = invoker;
        _options = options;
        _auth = auth;
        _cookies = cookies;
        _messages = new RequestMessageBuilder(options, headers, cookies, csrf);
        _parser = parser;
        _timeProvider = timeProvider;
        _logger = logger;
        _retries = new RetryPipelines(options.Retry, timeProvider, logger, options.Name);
    }

    public async Task<SessionResponse> SendAsync(SessionRequest request, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var url = RequestUrlBuilder.Build(_options.BaseAddress, request.Url, _options.DefaultParams, request.Params);
        var hop = new HopState(request, url, _messages.MergeHeaders(request), request.Auth ?? _auth() ?? SessionAuth.FromUserInfo(url));
        if (request.RedirectedFrom is not null)
        {
            hop.LeaveOriginIfNeeded(_options.Redirects.StripHeadersAcrossOrigins);
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            // Credentials in the URL went into Auth above; they must not travel in the request line.
            hop.Url = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri;
        }

        var history = new List<RedirectHop>();
        var followRedirects = request.FollowRedirects ?? _options.Redirects.Follow;
        while (true)
        {
            var result = await SendHopAsync(hop, history.Count, followRedirects, cancellationToken).ConfigureAwait(false);
            if (!result.IsRedirect)
            {
                return new SessionResponse(request, result.Message, hop.Url, result.Body, history,
                    _timeProvider.GetElapsedTime(started), _parser, _options.JsonSerializerOptions) { BodyReservation = result.Reservation };
            }

            var target = RedirectPolicy.ResolveLocation(result.Message, hop.Url)!;
            history.Add(new RedirectHop(hop.Method, hop.Url, result.Message.StatusCode, target));
            if (history.Count > _options.Redirects.MaxRedirects)
            {
                throw new TooManyRedirectsException(history[0].Url, _options.Redirects.MaxRedirects, history);
            }

            RedirectPolicy.EnsureAllowed(hop.Url, target, _options.Redirects);
            SessionLog.Redirect(_logger, _options.Name, (int)result.Message.StatusCode, UrlRedaction.Redact(hop.Url), UrlRedaction.Redact(target));
            hop.MoveTo(target, RedirectPolicy.NextMethod(result.Message.StatusCode, hop.Method), _options.Redirects.StripHeadersAcrossOrigins);
        }
    }

    private async Task<AttemptResult> SendHopAsync(HopState hop, int hopIndex, bool followRedirects, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(RetryPipelines.AllowRetryKey, RetryPolicy.MayRetry(hop.Method, hop.Request.Retry));
            context.Properties.Set(RetryPipelines.TimeoutKey, hop.Request.Timeout ?? _options.Timeout);
            context.Properties.Set(RetryPipelines.MethodKey, hop.Method);
            context.Properties.Set(RetryPipelines.UrlKey, hop.Url);
            var attempt = 0;
            var outcome = await _retries.For(hop.Url).ExecuteOutcomeAsync(
                async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Transport.AttemptAsync(state.Hop, state.HopIndex, attempt++, state.Follow, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        return Outcome.FromException<AttemptResult>(ex);
                    }
                },
                context,
                (Transport: this, Hop: hop, HopIndex: hopIndex, Follow: followRedirects)).ConfigureAwait(false);

            return outcome.Exception switch
            {
                null => outcome.Result!,
                TimeoutRejectedException timeout => throw new SessionTimeoutException(hop.Url, timeout.Timeout, timeout),
                _ => throw Rethrow(outcome.Exception),
            };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static Exception Rethrow(Exception exception)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception).Throw();
        return exception;
    }

    private async Task<AttemptResult> AttemptAsync(HopState hop, int hopIndex, int attempt, bool followRedirects, CancellationToken cancellationToken)
    {
        var response = await ExchangeAsync(hop, hopIndex, attempt, cancellationToken).ConfigureAwait(false);
        if (hop.Auth?.DigestCredentials is { } digest && response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            // A4: one more round trip with the fresh (or no longer stale) challenge, never a second: a wrong password returns the 401.
            if (digest.Accept(response, hop.Url, out var problem))
            {
                response.Dispose();
                response = await ExchangeAsync(hop, hopIndex, attempt, cancellationToken).ConfigureAwait(false);
            }
            else if (problem is not null)
            {
                SessionLog.ServerValueIgnored(_logger, _options.Name, "Authorization", UrlRedaction.Redact(hop.Url), problem);
            }
        }

        using (response)
        {
            if (followRedirects && RedirectPolicy.IsFollowedRedirect(response.StatusCode) && response.Headers.Location is not null)
            {
                return new AttemptResult(response, hop.Url, ReadOnlyMemory<byte>.Empty, IsRedirect: true);
            }

            var limit = hop.Request.MaxResponseSize ?? _options.MaxResponseSize;
            var body = await BodyReader.ReadAsync(response, hop.Url, limit, _options.BodyBudget, cancellationToken).ConfigureAwait(false);
            if (!hop.Request.HoldBodyReservation || hop.Request.Retry != false)
            {
                // The budget bounds bodies being read; what the caller keeps afterwards is the caller's. A body is held
                // past its return only for a request the session never retries, so no discarded attempt keeps one.
                body.Reservation?.Dispose();
                return new AttemptResult(response, hop.Url, body.Bytes, IsRedirect: false);
            }

            return new AttemptResult(response, hop.Url, body.Bytes, IsRedirect: false, body.Reservation);
        }
    }

    /// <summary>One round trip: the message built, hooked, checked (H3) and sent; the answer's cookies stored and its hooks run.</summary>
    private async Task<HttpResponseMessage> ExchangeAsync(HopState hop, int hopIndex, int attempt, CancellationToken cancellationToken)
    {
        using var message = _messages.Build(hop, hop.Auth?.HeaderFor(hop.Method, hop.Url, hop.Content));
        foreach (var hook in _options.RequestHooks)
        {
            await hook(new RequestHookArguments(message, hopIndex, attempt, cancellationToken)).ConfigureAwait(false);
        }

        RequestMessageBuilder.EnsureSendable(message);
        LogHeaders(message);
        var sent = _timeProvider.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _invoker.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw TransportErrors.Translate(hop.Url, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The caller did not cancel and the attempt's timeout did not fire: the handler's connect timeout did.
            throw new SessionTimeoutException(hop.Url, _options.ConnectionPool.ConnectTimeout, ex);
        }

        try
        {
            var elapsed = _timeProvider.GetElapsedTime(sent);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                // R5: cookies of every hop, redirects and digest challenges included, are stored before the next hop is built.
                _cookies.SetCookies(hop.Url, setCookies);
            }

            foreach (var hook in _options.ResponseHooks)
            {
                await hook(new ResponseHookArguments(response, hop.Url, hopIndex, attempt, elapsed, cancellationToken)).ConfigureAwait(false);
            }

            if (_logger.IsEnabled(LogLevel.Debug))
            {
                SessionLog.Response(_logger, _options.Name, hop.Method, UrlRedaction.Redact(hop.Url), (int)response.StatusCode, elapsed.TotalMilliseconds);
            }

            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private void LogHeaders(HttpRequestMessage message)
    {
        if (!_logger.IsEnabled(LogLevel.Trace))
        {
            return;
        }

        var url = UrlRedaction.Redact(message.RequestUri!);
        foreach (var header in message.Headers)
        {
            SessionLog.RequestHeader(_logger, _options.Name, message.Method, url, header.Key,
                UrlRedaction.HeaderValueForLog(header.Key, string.Join(", ", header.Value)));
        }
    }
}
