using System.Text;

namespace Scraper.Benchmarks;

/// <summary>Pages shaped like the crawl benchmark's reference site (../shared/bench/gen_site.py): about 12 KB, ~30 links.</summary>
internal static class SamplePages
{
    public static readonly Uri ProductUrl = new("http://127.0.0.1:18080/product/p00042.html");

    public static byte[] Product()
    {
        var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Product 42</title></head><body>");
        html.Append("<nav><a href=\"/\">Home</a> <a href=\"/about.html\">About</a> <a href=\"mailto:shop@example.test\">Mail</a> <a href=\"javascript:void(0)\">JS</a></nav>");
        html.Append("<main><h1 class=\"product-name\">Sturdy Kettle 42</h1><div class=\"offer\"><span class=\"price\">$42.99</span></div>");
        for (var i = 0; i < 26; i++)
        {
            html.Append("<div class=\"related\"><a href=\"").Append(i % 2 == 0 ? "../product/p" : "/product/p").Append((i * 37 % 20_000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture))
                .Append(".html#top\">Related product ").Append(i).Append("</a><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua ")
                .Append(i).Append(".</p></div>");
        }

        html.Append("<p class=\"description\">").Append(string.Concat(Enumerable.Repeat("A fine product, carefully described. ", 80))).Append("</p>");
        return Encoding.UTF8.GetBytes(html.Append("</main></body></html>").ToString());
    }
}
