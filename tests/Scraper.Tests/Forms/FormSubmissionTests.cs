using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Scraper.Forms;
using Scraper.Parsing;

namespace Scraper.Tests.Forms;

public sealed class FormSubmissionTests
{
    private static readonly Uri PageUrl = new("https://shop.test/account/login?next=%2Fcart");
    private readonly HtmlDocumentParser _parser = new();

    private IDocument Page(string body, Uri? url = null) => _parser.Parse($"<!doctype html><html><head></head><body>{body}</body></html>", url ?? PageUrl);

    private static string Fields(FormSubmission submission) =>
        string.Join("&", submission.Fields.Select(field => $"{field.Key}={field.Value}"));

    [Fact]
    public void Forms_HiddenCsrfInputsAreSentInDocumentOrderWithTheCallersValues()
    {
        var document = Page("""
            <form method="post" action="/session">
              <input type="hidden" name="csrf" value="t0k3n">
              <input name="user" value="prefilled">
              <input type="password" name="password">
              <input type="hidden" name="step" value="2">
              <button type="submit" name="go" value="1">Log in</button>
            </form>
            """);

        var submission = FormSubmission.FromDocument(document, new Dictionary<string, string?> { ["user"] = "ann", ["password"] = "s3cret" });

        Assert.Equal("csrf=t0k3n&user=ann&password=s3cret&step=2&go=1", Fields(submission));
        Assert.Equal(HttpMethod.Post, submission.Method);
        Assert.Equal(new Uri("https://shop.test/session"), submission.Action);
    }

    [Fact]
    public void Forms_CheckboxesRadiosAndSelectsFollowBrowserDefaults()
    {
        var document = Page("""
            <form>
              <input type="checkbox" name="remember">
              <input type="checkbox" name="news" value="weekly" checked>
              <input type="radio" name="size" value="s">
              <input type="radio" name="size" value="m" checked>
              <select name="country"><option value="de">Germany</option><option value="fr">France</option></select>
              <select name="lang"><option>en</option><option selected> fr  ca </option></select>
              <select name="tags" multiple><option value="a" selected>A</option><option value="b">B</option><option value="c" selected>C</option></select>
              <select name="none" multiple><option value="x">X</option></select>
              <textarea name="note">line one
            line two</textarea>
            </form>
            """);

        var submission = FormSubmission.FromDocument(document);

        Assert.Equal("news=weekly&size=m&country=de&lang=fr ca&tags=a&tags=c&note=line one\r\nline two", Fields(submission));
    }

    [Fact]
    public void Forms_CheckboxesAreSetByCheckedStateNotValue()
    {
        var document = Page("""
            <form>
              <input type="hidden" name="remember" value="0">
              <input type="checkbox" name="remember" value="1">
              <input type="checkbox" name="news" value="weekly" checked>
              <input type="radio" name="size" value="s" checked>
              <input type="radio" name="size" value="m">
            </form>
            """);

        var submission = FormSubmission.FromDocument(document, [new("remember", "true"), new("news", null), new("size", "m")]);

        Assert.Equal("remember=0&remember=1&size=m", Fields(submission));
    }

    [Fact]
    public void Forms_UnknownChoiceForACheckboxGroupIsAnErrorListingTheChoices()
    {
        var document = Page("""<form id="prefs"><input type="checkbox" name="c" value="red"><input type="checkbox" name="c" value="blue"></form>""");

        var error = Assert.Throws<FormException>(() => FormSubmission.FromDocument(document, [new("c", "green")]));

        Assert.Contains("'green'", error.Message, StringComparison.Ordinal);
        Assert.Contains("red, blue", error.Message, StringComparison.Ordinal);
        Assert.Contains(PageUrl.AbsoluteUri, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forms_DisabledControlsAndUnclickedButtonsAreSkipped()
    {
        var document = Page("""
            <form>
              <input name="a" value="1" disabled>
              <fieldset disabled><legend><input name="in-legend" value="kept"></legend><input name="b" value="2"></fieldset>
              <select name="s"><option disabled>x</option><option>y</option></select>
              <input type="submit" name="first" value="First">
              <input type="submit" name="second" value="Second">
              <input type="reset" name="reset" value="Reset">
              <button type="button" name="plain" value="p">Plain</button>
              <datalist><input name="in-datalist" value="no"></datalist>
            </form>
            """);

        var submission = FormSubmission.FromDocument(document);

        Assert.Equal("in-legend=kept&s=y&first=First", Fields(submission));
    }

    [Fact]
    public void Forms_TheChosenSubmitterIsSentAndItsFormActionMethodAndEnctypeApply()
    {
        var document = Page("""
            <form action="/save" method="get">
              <input name="q" value="x">
              <button name="op" value="save">Save</button>
              <button name="op" value="delete" formaction="/delete" formmethod="post" formenctype="multipart/form-data">Delete</button>
            </form>
            """);

        var submission = FormSubmission.FromDocument(document, options: new FormSubmitOptions { Submitter = "button[value=delete]" });

        Assert.Equal("q=x&op=delete", Fields(submission));
        Assert.Equal(new Uri("https://shop.test/delete"), submission.Action);
        Assert.Equal(HttpMethod.Post, submission.Method);
        Assert.Equal("multipart/form-data", submission.EncodingType);
    }

    [Fact]
    public void Forms_ImageButtonSendsItsClickCoordinates()
    {
        var document = Page("""<form><input name="q" value="x"><input type="image" name="pay" src="pay.png"></form>""");

        var submission = FormSubmission.FromDocument(document);

        Assert.Equal("q=x&pay.x=0&pay.y=0", Fields(submission));
    }

    [Fact]
    public void Forms_NoSubmitterSendsNoButton()
    {
        var document = Page("""<form><input name="q" value="x"><button name="go" value="1">Go</button></form>""");

        var submission = FormSubmission.FromDocument(document, options: new FormSubmitOptions { NoSubmitter = true });

        Assert.Equal("q=x", Fields(submission));
    }

    [Fact]
    public void Forms_InputsLinkedByTheFormAttributeAreIncludedInTreeOrder()
    {
        var document = Page("""
            <input type="hidden" name="before" value="b" form="login">
            <form id="login" action="login"><input name="user" value="u"></form>
            <input type="hidden" name="token" value="t" form="login">
            <input name="elsewhere" value="e" form="other">
            <form id="other"><input name="inner" value="i" form="missing"></form>
            """);

        var submission = FormSubmission.FromDocument(document, options: new FormSubmitOptions { Form = FormSelector.Id("login") });

        Assert.Equal("before=b&user=u&token=t", Fields(submission));
    }

    [Fact]
    public void Forms_ActionResolvesAgainstBaseHrefAndEmptyActionIsTheDocumentUrl()
    {
        var withBase = _parser.Parse(
            """<html><head><base href="https://cdn.shop.test/app/"></head><body><form action="submit"><input name="a" value="1"></form></body></html>""",
            PageUrl);
        var noAction = Page("""<form method="POST"><input name="a" value="1"></form>""");

        Assert.Equal(new Uri("https://cdn.shop.test/app/submit"), FormSubmission.FromDocument(withBase).Action);
        Assert.Equal(PageUrl, FormSubmission.FromDocument(noAction).Action);
    }

    [Fact]
    public void Forms_GetFormReplacesTheActionQuery()
    {
        var document = Page("""<form action="/search?old=1#results"><input name="q" value="red shoes"></form>""");

        var request = FormSubmission.FromDocument(document).ToRequest();

        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://shop.test/search?q=red+shoes#results", request.Url);
        Assert.Null(request.Content);
    }

    [Fact]
    public void Forms_PostBodyIsEncodedInThePageCharsetAndIsNeverRetried()
    {
        var windows1251 = Encoding.GetEncoding(1251);
        var html = "<html><head><meta charset=\"windows-1251\"></head><body><form method=post action=/s><input name=\"q\" value=\"Привет\"></form></body></html>";
        var document = _parser.Parse(windows1251.GetBytes(html), PageUrl, "text/html");

        var request = FormSubmission.FromDocument(document, pageEncoding: _parser.EncodingOf(document)).ToRequest();

        Assert.Equal("q=%CF%F0%E8%E2%E5%F2", Encoding.ASCII.GetString(request.Content!.Bytes.Span));
        Assert.Equal("application/x-www-form-urlencoded", request.Content.ContentType);
        Assert.False(request.Retry);
        Assert.Equal(PageUrl.AbsoluteUri, request.Headers["Referer"]);
    }

    [Fact]
    public void Forms_AcceptCharsetWinsOverThePageCharset()
    {
        var document = Page("""<form method="post" accept-charset="bogus ISO-8859-1"><input name="q" value="café"></form>""");

        var submission = FormSubmission.FromDocument(document, pageEncoding: Encoding.UTF8);

        Assert.Equal("windows-1252", submission.Encoding.WebName);
        Assert.Equal("q=caf%E9", Encoding.ASCII.GetString(submission.ToRequest().Content!.Bytes.Span));
    }

    [Fact]
    public void Forms_MultipartSendsFieldsAndAnEmptyFilePart()
    {
        var document = Page("""<form method="post" enctype="multipart/form-data"><input name="title" value="t"><input type="file" name="upload"></form>""");

        var body = Encoding.UTF8.GetString(FormSubmission.FromDocument(document).ToRequest().Content!.Bytes.Span);

        Assert.Contains("name=\"title\"\r\n\r\nt\r\n", body, StringComparison.Ordinal);
        Assert.Contains("name=\"upload\"; filename=\"\"\r\nContent-Type: application/octet-stream", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Forms_UnknownFieldIsAnErrorNamingItUnlessNewFieldsAreAllowed()
    {
        var document = Page("""<form><input name="user"><input type="password" name="pass"></form>""");

        var error = Assert.Throws<FormException>(() => FormSubmission.FromDocument(document, [new("username", "ann")]));
        var allowed = FormSubmission.FromDocument(document, [new("username", "ann")], new FormSubmitOptions { AllowNewFields = true });

        Assert.Contains("'username'", error.Message, StringComparison.Ordinal);
        Assert.Contains("user, pass", error.Message, StringComparison.Ordinal);
        Assert.Equal("user=&pass=&username=ann", Fields(allowed));
    }

    [Fact]
    public void Forms_NullValueRemovesAFieldAndRepeatedValuesFillRepeatedControls()
    {
        var document = Page("""<form><input name="a" value="1"><input name="item" value="x"><input name="item" value="y"></form>""");

        var submission = FormSubmission.FromDocument(document, [new("a", null), new("item", "p"), new("item", "q"), new("item", "r")]);

        Assert.Equal("item=p&item=q&item=r", Fields(submission));
    }

    [Fact]
    public void Forms_SelectAcceptsValuesScriptsWouldHaveAdded()
    {
        var document = Page("""<form><select name="city"><option value="">Choose</option></select></form>""");

        Assert.Equal("city=berlin", Fields(FormSubmission.FromDocument(document, [new("city", "berlin")])));
    }

    [Fact]
    public void Forms_FormIsFoundBySelectorIdNameIndexOrItsFieldNames()
    {
        var document = Page("""
            <form id="search" name="s" class="top"><input name="q"></form>
            <form id="login" name="l"><input name="user"><input type="password" name="password"></form>
            """);

        Assert.Equal("login", FormSelector.ContainingFields("user", "password").Find(document).Id);
        Assert.Equal("login", FormSelector.Name("l").Find(document).Id);
        Assert.Equal("login", FormSelector.Index(1).Find(document).Id);
        Assert.Equal("search", FormSelector.Css("form.top").Find(document).Id);
        Assert.Equal("search", FormSelector.First.Find(document).Id);
        var error = Assert.Throws<FormException>(() => FormSelector.Id("signup").Find(document));
        Assert.Contains("'signup'", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 form(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forms_FromFormWithAnExplicitSubmitter()
    {
        var document = Page("""<form action="/x" method="post"><input name="a" value="1"><button name="b" value="one">1</button><button name="b" value="two">2</button></form>""");
        var form = document.Forms[0];
        var second = form.QuerySelectorAll("button")[1];

        var submission = FormSubmission.FromForm(form, submitter: second);

        Assert.Equal("a=1&b=two", Fields(submission));
        Assert.Throws<ArgumentException>(() => FormSubmission.FromForm(form, submitter: form.QuerySelector("input")));
        Assert.IsAssignableFrom<IHtmlFormElement>(form);
    }
}
