using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DemoShop;

/// <summary>
/// The shop's JavaScript section, for crawls that render: <c>/js/</c> is an empty shell whose script fills the
/// listing from a JSON call (with members' prices when the session cookie is a login's), and the way to the next
/// page is a button whose click handler navigates: there is no link to follow without a browser.
/// </summary>
internal static class JsSection
{
    // Built with DOM calls, not innerHTML: product names never become markup. The ready flag is dropped before
    // navigating, so a crawler waiting for it after a click waits for the next page, not this one.
    private const string Shell = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>JavaScript listing · Demo Shop</title></head>
        <body>
        <h1>All products</h1>
        <section class="products" id="products"></section>
        <nav class="pagination" id="pager"></nav>
        <script>
        const page = Number(new URLSearchParams(location.search).get('page') || '1');
        const money = value => '$' + value.toFixed(2);
        const span = (className, text) => { const s = document.createElement('span'); s.className = className; s.textContent = text; return s; };
        fetch('/js/api/products?page=' + page).then(r => r.json()).then(data => {
          const list = document.getElementById('products');
          for (const product of data.items) {
            const card = document.createElement('article');
            card.className = 'product-card';
            card.dataset.sku = product.sku;
            const link = document.createElement('a');
            link.className = 'product-link'; link.href = '/product/' + product.id; link.textContent = product.name;
            card.append(link, ' ', span('price', money(product.price)));
            if (product.memberPrice !== null) card.append(' ', span('member-price', money(product.memberPrice)));
            list.appendChild(card);
          }
          if (!data.member) {
            // As on a product page: a guest is asked to log in for the members' prices.
            const login = document.createElement('a');
            login.className = 'login-to-see'; login.href = '/login'; login.textContent = 'Log in to see member prices';
            document.getElementById('pager').before(login);
          }
          if (data.next !== null) {
            const next = document.createElement('button');
            next.className = 'next'; next.textContent = 'Next';
            next.addEventListener('click', () => { delete document.body.dataset.ready; location.href = '/js/?page=' + data.next; });
            document.getElementById('pager').appendChild(next);
          }
          document.body.dataset.ready = 'true';
        });
        </script>
        </body></html>
        """;

    public static void Map(WebApplication app, Catalog catalog, DemoShopOptions options, Func<HttpContext, bool> isMember)
    {
        app.MapGet("/js/", () => Results.Content(Shell, "text/html; charset=utf-8"));
        app.MapGet("/js/api/products", (int? page, HttpContext context) =>
        {
            var pageCount = Math.Max((catalog.Products.Count + options.PageSize - 1) / options.PageSize, 1);
            var current = page ?? 1;
            if (current < 1 || current > pageCount)
            {
                return Results.NotFound();
            }

            var member = isMember(context);
            var items = catalog.Products.Skip((current - 1) * options.PageSize).Take(options.PageSize)
                .Select(p => new JsProduct(p.Id, p.Sku, p.Name, p.Price, member ? p.MemberPrice : null));
            return Results.Ok(new JsPage([.. items], current < pageCount ? current + 1 : null, member));
        });
    }

    private sealed record JsProduct(int Id, string Sku, string Name, decimal Price, decimal? MemberPrice);

    private sealed record JsPage(IReadOnlyList<JsProduct> Items, int? Next, bool Member);
}
