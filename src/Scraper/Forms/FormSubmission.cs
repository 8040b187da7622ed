using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Scraper.Http;
using Scraper.Parsing;

namespace Scraper.Forms;

/// <summary>
/// The request a browser would send for a form: its successful controls in document order (hidden CSRF fields,
/// checked boxes and radios, selected options, the clicked button, inputs linked by <c>form="id"</c>), the caller's
/// values laid over them, the action resolved against <c>&lt;base href&gt;</c>, the method, the enctype and the page's charset.
/// </summary>
public sealed class FormSubmission
{
    private const string UrlEncoded = "application/x-www-form-urlencoded";
    private const string Multipart = "multipart/form-data";
    private const string PlainText = "text/plain";

    private readonly IReadOnlyList<FormEntry> _entries;

    private FormSubmission(Uri action, HttpMethod method, string encodingType, Encoding encoding, IReadOnlyList<FormEntry> entries, Uri? referrer)
    {
        Action = action;
        Method = method;
        EncodingType = encodingType;
        Encoding = encoding;
        _entries = entries;
        Referrer = referrer;
    }

    /// <summary>Gets the URL the form is sent to (for GET, without the fields; <see cref="ToRequest"/> adds them).</summary>
    public Uri Action { get; }

    /// <summary>Gets the method, GET or POST.</summary>
    public HttpMethod Method { get; }

    /// <summary>Gets the enctype: <c>application/x-www-form-urlencoded</c>, <c>multipart/form-data</c> or <c>text/plain</c>.</summary>
    public string EncodingType { get; }

    /// <summary>Gets the charset the fields are encoded in: the form's <c>accept-charset</c>, else the page's.</summary>
    public Encoding Encoding { get; }

    /// <summary>Gets the page the form was on, sent as the Referer.</summary>
    public Uri? Referrer { get; }

    /// <summary>Gets the fields in the order they are sent; a name may repeat. A file control gives its file name (empty).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields => [.. _entries.Select(entry => KeyValuePair.Create(entry.Name, entry.Value))];

    /// <summary>Builds the submission of a form of a page.</summary>
    /// <param name="document">The page, parsed with its real URL.</param>
    /// <param name="values">Values laid over the form's own; a null value removes a field or unchecks a box.</param>
    /// <param name="options">Which form and button; the first form and its first submit button when null.</param>
    /// <param name="pageEncoding">The charset the page was decoded with (see <see cref="HtmlDocumentParser.EncodingOf"/>); UTF-8 when null.</param>
    /// <returns>The submission.</returns>
    /// <exception cref="FormException">No such form, field or button; the message names what is missing.</exception>
    public static FormSubmission FromDocument(
        IDocument document, IEnumerable<KeyValuePair<string, string?>>? values = null, FormSubmitOptions? options = null, Encoding? pageEncoding = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        options ??= new FormSubmitOptions();
        return FromForm(options.Form.Find(document), values, submitter: null, options, pageEncoding);
    }

    /// <summary>Builds the submission of a form.</summary>
    /// <param name="form">The form.</param>
    /// <param name="values">Values laid over the form's own; a null value removes a field or unchecks a box.</param>
    /// <param name="submitter">The button clicked; when null, <paramref name="options"/> decides (by default the first submit button).</param>
    /// <param name="options">The submitter selector and field rules; defaults when null.</param>
    /// <param name="pageEncoding">The charset the page was decoded with; UTF-8 when null.</param>
    /// <returns>The submission.</returns>
    /// <exception cref="FormException">No such field or button; the message names what is missing.</exception>
    public static FormSubmission FromForm(
        IHtmlFormElement form,
        IEnumerable<KeyValuePair<string, string?>>? values = null,
        IElement? submitter = null,
        FormSubmitOptions? options = null,
        Encoding? pageEncoding = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        options ??= new FormSubmitOptions();
        var controls = FormControls.Of(form).ToList();
        var pageUrl = form.Owner?.Url;
        string Describe() => $"The form{(form.Id is { Length: > 0 } id ? $" #{id}" : string.Empty)} on {pageUrl}";

        submitter ??= FindSubmitter(form, controls, options, Describe);
        if (submitter is not null && !FormControls.IsSubmitButton(submitter))
        {
            throw new ArgumentException($"The submitter <{submitter.LocalName}> is not a submit button.", nameof(submitter));
        }

        var encoding = ChooseEncoding(form, pageEncoding);
        var overrides = FormValueOverrides.Build(controls, values, options.AllowNewFields, Describe);
        var entries = FormEntryList.Build(controls, submitter, overrides, encoding);
        entries.AddRange(overrides.NewFields);

        var method = (Attribute(submitter, "formmethod") ?? form.GetAttribute("method"))?.Trim().ToLowerInvariant() == "post"
            ? HttpMethod.Post
            : HttpMethod.Get;
        var encodingType = (Attribute(submitter, "formenctype") ?? form.GetAttribute("enctype"))?.Trim().ToLowerInvariant() switch
        {
            Multipart => Multipart,
            PlainText => PlainText,
            _ => UrlEncoded,
        };

        return new FormSubmission(ResolveAction(form, submitter), method, encodingType, encoding, entries, pageUrl is null ? null : new Uri(pageUrl));
    }

    /// <summary>Builds the request: fields in the query for GET, in the body otherwise. It is never retried by itself.</summary>
    /// <returns>The request.</returns>
    public SessionRequest ToRequest()
    {
        SessionRequest request;
        if (Method == HttpMethod.Get)
        {
            // A GET form replaces the action's query with its fields and keeps the fragment, as browsers do.
            var target = new UriBuilder(Action) { Query = FormUrlEncoding.Encode(TextFields(), Encoding) };
            request = new SessionRequest(HttpMethod.Get, target.Uri.AbsoluteUri);
        }
        else
        {
            request = new SessionRequest(Method, Action) { Content = Body() };
        }

        // A form post is one user action: a login sent twice can lock an account, so it is never retried.
        request.Retry = false;
        if (Referrer is not null)
        {
            request.Headers["Referer"] = Referrer.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);
        }

        return request;
    }

    private RequestContent Body() => EncodingType switch
    {
        Multipart => RequestContent.Multipart(
            _entries.Select(entry => entry.IsFile
                ? new MultipartField(entry.Name, ReadOnlyMemory<byte>.Empty, entry.Value, "application/octet-stream")
                : MultipartField.Text(entry.Name, entry.Value, Encoding)),
            Encoding),
        PlainText => new RequestContent(
            Encoding.GetBytes(string.Concat(_entries.Select(entry => $"{entry.Name}={entry.Value}\r\n"))),
            $"text/plain; charset={Encoding.WebName}"),
        _ => RequestContent.FormUrlEncoded(TextFields(), Encoding),
    };

    private IEnumerable<KeyValuePair<string, string>> TextFields() =>
        _entries.Select(entry => KeyValuePair.Create(entry.Name, entry.Value));

    private static IElement? FindSubmitter(IHtmlFormElement form, List<IElement> controls, FormSubmitOptions options, Func<string> describeForm)
    {
        if (options.NoSubmitter)
        {
            return null;
        }

        if (options.Submitter is { } selector)
        {
            var chosen = form.Owner?.QuerySelectorAll(selector).FirstOrDefault(element => controls.Contains(element) && FormControls.IsSubmitButton(element));
            return chosen ?? throw new FormException($"{describeForm()} has no submit button matching '{selector}'.");
        }

        return controls.FirstOrDefault(control => FormControls.IsSubmitButton(control) && !FormControls.IsDisabled(control));
    }

    private static Encoding ChooseEncoding(IHtmlFormElement form, Encoding? pageEncoding)
    {
        // accept-charset lists labels; the first one this runtime knows wins, else the page's own charset.
        foreach (var label in (form.GetAttribute("accept-charset") ?? string.Empty).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (EncodingLabels.Find(label) is { } encoding)
            {
                return encoding;
            }
        }

        return pageEncoding ?? Encoding.UTF8;
    }

    private static Uri ResolveAction(IHtmlFormElement form, IElement? submitter)
    {
        var document = form.Owner ?? throw new FormException("The form is not part of a document, so its action cannot be resolved.");
        var action = (Attribute(submitter, "formaction") ?? form.GetAttribute("action"))?.Trim();

        // An empty or missing action submits to the document's own URL; anything else resolves against <base href>.
        if (string.IsNullOrEmpty(action))
        {
            return new Uri(document.Url);
        }

        if (!Uri.TryCreate(new Uri(document.BaseUri), action, out var resolved) || (resolved.Scheme != Uri.UriSchemeHttp && resolved.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormException($"The form on {document.Url} has an action that is not an http(s) URL: '{action}'.");
        }

        return resolved;
    }

    private static string? Attribute(IElement? element, string name) =>
        element?.GetAttribute(name) is { Length: > 0 } value ? value : null;
}
