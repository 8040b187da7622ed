using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace DemoShop;

/// <summary>The shop's HTML, written by hand like a small real shop's templates.</summary>
internal static class Pages
{
    private static string E(string text) => HtmlEncoder.Default.Encode(text);

    private static string Money(decimal value) => "$" + value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Layout(string title, string body, string? user, Uri baseAddress)
    {
        var nav = new StringBuilder();
        for (var i = 0; i < Catalog.CategorySlugs.Count; i++)
        {
            var slug = Catalog.CategorySlugs[i];
            // Real menus mix absolute and relative links.
            var href = i % 2 == 0 ? new Uri(baseAddress, $"/category/{slug}").AbsoluteUri : $"/category/{slug}";
            nav.Append(CultureInfo.InvariantCulture, $"<a href=\"{href}\">{E(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(slug))}</a> ");
        }

        var account = user is null
            ? "<a class=\"login\" href=\"/login\">Log in</a>"
            : $"<span class=\"user\">{E(user)}</span> <a href=\"/account\">Account</a> <a href=\"/logout\">Log out</a>";
        return $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{E(title)} · Demo Shop</title></head>
            <body>
            <header><a class="home" href="/">Demo Shop</a> {account}</header>
            <nav class="categories">{nav}</nav>
            <main>{body}</main>
            <footer><a href="/about">About us</a> · <a href="/old-sale">Sale</a> · <a href="/admin/reports">Staff</a> · <a href="/sitemap.xml">Sitemap</a></footer>
            </body></html>
            """;
    }

    public static string Home(Catalog catalog) =>
        $"<h1>Welcome to the Demo Shop</h1><p>{catalog.Products.Count} products in {Catalog.CategorySlugs.Count} categories.</p>";

    public static string Listing(string slug, IReadOnlyList<Product> products, int page, int pageSize, int brokenId)
    {
        var body = new StringBuilder($"<h1>{E(slug)}</h1><section class=\"products\">");
        foreach (var product in products.Skip((page - 1) * pageSize).Take(pageSize))
        {
            // Relative and root-relative links, as templates written over the years produce.
            var href = product.Id % 3 == 0 ? $"../product/{product.Id}" : $"/product/{product.Id}";
            body.Append(CultureInfo.InvariantCulture, $"""<article class="product-card"><a class="product-link" href="{href}">{E(product.Name)}</a> <span class="price">{Money(product.Price)}</span></article>""");
        }

        if (slug == Catalog.CategorySlugs[0] && page == 1)
        {
            // A product that was removed but is still linked: a 404 the crawler must survive.
            body.Append(CultureInfo.InvariantCulture, $"""<article class="product-card discontinued"><a class="product-link" href="/product/{brokenId}">Discontinued</a></article>""");
        }

        body.Append("</section><nav class=\"pagination\">");
        var pages = (products.Count + pageSize - 1) / pageSize;
        if (page > 1)
        {
            body.Append(CultureInfo.InvariantCulture, $"<a class=\"prev\" href=\"?page={page - 1}\">Previous</a> ");
        }

        body.Append(CultureInfo.InvariantCulture, $"<span class=\"current\">Page {page} of {pages}</span>");
        if (page < pages)
        {
            body.Append(CultureInfo.InvariantCulture, $" <a class=\"next\" href=\"?page={page + 1}\">Next</a>");
        }

        return body.Append("</nav>").ToString();
    }

    public static string Product(Product product, bool member)
    {
        var memberPrice = member
            ? $"<p>Member price: <span class=\"member-price\">{Money(product.MemberPrice)}</span></p>"
            : "<p><a class=\"login-to-see\" href=\"/login\">Log in to see the member price</a></p>";
        var images = string.Concat(product.Images.Select(src => $"<img class=\"product-image\" src=\"{E(src)}\" alt=\"{E(product.Name)}\">"));
        return $"""
            <article class="product">
              <h1 class="product-name">{E(product.Name)}</h1>
              <p>SKU: <span class="sku">{E(product.Sku)}</span></p>
              <p>Price: <span class="price">{Money(product.Price)}</span></p>
              {memberPrice}
              <p><span class="stock">{product.Stock} in stock</span> · rated <span class="rating">{product.Rating.ToString("0.0", CultureInfo.InvariantCulture)}</span></p>
              <div class="description">{E(product.Description)}</div>
              <div class="gallery">{images}</div>
            </article>
            """;
    }

    public static string Login(string csrf, string? error) => $"""
        <h1>Log in</h1>
        {(error is null ? string.Empty : $"<p class=\"error\">{E(error)}</p>")}
        <form method="post" action="/login">
          <input type="hidden" name="csrf_token" value="{csrf}">
          <label>User <input name="username" autocomplete="username"></label>
          <label>Password <input type="password" name="password"></label>
          <label><input type="checkbox" name="remember" value="1"> Remember me</label>
          <button type="submit" name="action" value="login">Log in</button>
        </form>
        """;

    public static string Account(string user) => $"<h1>Your account</h1><p class=\"welcome\">Welcome back, {E(user)}.</p>";

    public static string About() =>
        "<!doctype html><html><head><meta charset=\"windows-1252\"><title>About</title></head><body><h1>About us</h1><p>Caf\u00e9 cr\u00e8me since 1998 \u2014 \u00a9 Demo Shop</p></body></html>";

    public static string Robots(double crawlDelay) => $"""
        # The staff area is not for robots.
        User-agent: *
        Disallow: /admin/
        Crawl-delay: {crawlDelay.ToString(CultureInfo.InvariantCulture)}

        Sitemap: /sitemap.xml
        """;

    public static string Sitemap(Uri baseAddress)
    {
        var urls = new StringBuilder();
        foreach (var slug in Catalog.CategorySlugs)
        {
            urls.Append(CultureInfo.InvariantCulture, $"<url><loc>{new Uri(baseAddress, $"/category/{slug}").AbsoluteUri}</loc></url>");
        }

        return $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{urls}</urlset>";
    }
}
