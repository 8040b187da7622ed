using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Scraper.Forms;

namespace Scraper.Http;

/// <summary>The shorthands over <see cref="SendAsync"/>: one per verb, the JSON and document helpers, form submission.</summary>
public sealed partial class Session
{
    /// <summary>Sends a GET.</summary>
    /// <param name="url">An absolute URL, or one relative to the base address.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    public Task<SessionResponse> GetAsync(string url, CancellationToken cancellationToken = default) =>
        SendAsync(SessionRequest.Get(url), cancellationToken);

    /// <summary>Sends a DELETE.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    public Task<SessionResponse> DeleteAsync(string url, CancellationToken cancellationToken = default) =>
        SendAsync(new SessionRequest(HttpMethod.Delete, url), cancellationToken);

    /// <summary>Posts an <c>application/x-www-form-urlencoded</c> form.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="fields">The fields, in order; a key may repeat.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    public Task<SessionResponse> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken = default) =>
        SendAsync(SessionRequest.Post(url, RequestContent.FormUrlEncoded(fields)), cancellationToken);

    /// <summary>Posts a <c>multipart/form-data</c> form (fields and files).</summary>
    /// <param name="url">The URL.</param>
    /// <param name="parts">The parts, in order.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    public Task<SessionResponse> PostMultipartAsync(string url, IEnumerable<MultipartField> parts, CancellationToken cancellationToken = default) =>
        SendAsync(SessionRequest.Post(url, RequestContent.Multipart(parts)), cancellationToken);

    /// <summary>Posts a value as JSON.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="url">The URL.</param>
    /// <param name="value">The value, serialized with the session's JSON options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    public Task<SessionResponse> PostJsonAsync<T>(string url, T value, CancellationToken cancellationToken = default) =>
        SendAsync(JsonRequest(HttpMethod.Post, url, value), cancellationToken);

    /// <summary>Puts a value as JSON.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="url">The URL.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    public Task<SessionResponse> PutJsonAsync<T>(string url, T value, CancellationToken cancellationToken = default) =>
        SendAsync(JsonRequest(HttpMethod.Put, url, value), cancellationToken);

    /// <summary>GETs a URL and reads its JSON body.</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="url">The URL.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The value.</returns>
    /// <exception cref="HttpStatusException">The status is not 2xx.</exception>
    public async Task<T?> GetJsonAsync<T>(string url, CancellationToken cancellationToken = default)
    {
        var request = SessionRequest.Get(url);
        request.Headers["Accept"] = "application/json";
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.EnsureSuccessStatusCode().Json<T>();
    }

    /// <summary>
    /// GETs a page and parses it. The document's URL is the final URL after redirects, and the text was decoded by
    /// the charset order BOM, HTTP header, meta, UTF-8.
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The document.</returns>
    /// <exception cref="HttpStatusException">The status is not 2xx: an error page is never returned as if it were the page.</exception>
    public async Task<IDocument> GetDocumentAsync(string url, CancellationToken cancellationToken = default)
    {
        var response = await GetAsync(url, cancellationToken).ConfigureAwait(false);
        var document = response.EnsureSuccessStatusCode().Document;
        _csrf.Remember(response.Url, document);
        return document;
    }

    /// <summary>
    /// Submits a form of a page as a browser would: hidden fields (CSRF tokens) and defaults from the page, the
    /// caller's values over them, the first submit button clicked, the action resolved against <c>&lt;base href&gt;</c>,
    /// and the body encoded in the page's charset. The request is never retried by itself and carries the page as Referer.
    /// </summary>
    /// <param name="document">The page, as returned by <see cref="GetDocumentAsync"/> or <see cref="SessionResponse.Document"/>.</param>
    /// <param name="values">Values laid over the form's own; a null value removes a field or unchecks a box.</param>
    /// <param name="options">Which form and button; the first form and its first submit button when null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response to the submission.</returns>
    /// <exception cref="FormException">No such form, field or button; the message names what is missing.</exception>
    public Task<SessionResponse> SubmitFormAsync(
        IDocument document,
        IEnumerable<KeyValuePair<string, string?>>? values = null,
        FormSubmitOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var submission = FormSubmission.FromDocument(document, values, options, _parser.EncodingOf(document));
        return SendAsync(submission.ToRequest(), cancellationToken);
    }

    /// <summary>Submits a form as a browser would, clicking the given button (or the first submit button when null).</summary>
    /// <param name="form">The form.</param>
    /// <param name="values">Values laid over the form's own; a null value removes a field or unchecks a box.</param>
    /// <param name="submitter">The button clicked: its name and value are sent and its <c>formaction</c> applies.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response to the submission.</returns>
    /// <exception cref="FormException">A value names a field the form does not have.</exception>
    public Task<SessionResponse> SubmitFormAsync(
        IHtmlFormElement form,
        IEnumerable<KeyValuePair<string, string?>>? values = null,
        IElement? submitter = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var encoding = form.Owner is { } owner ? _parser.EncodingOf(owner) : null;
        var submission = FormSubmission.FromForm(form, values, submitter, options: null, encoding);
        return SendAsync(submission.ToRequest(), cancellationToken);
    }

    private SessionRequest JsonRequest<T>(HttpMethod method, string url, T value) =>
        new(method, url) { Content = RequestContent.Json(value, _options.JsonSerializerOptions) };
}
