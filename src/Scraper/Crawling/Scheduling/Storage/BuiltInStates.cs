using System.Text.Json.Serialization;

namespace Scraper.Crawling.Scheduling.Storage;

/// <summary>The state types every registry knows: what a spider most often passes along without a type of its own.</summary>
internal static class BuiltInStates
{
    public static void AddTo(RequestRegistry registry)
    {
        var json = BuiltInStateJson.Default;
        registry.AddState(json.String, "string")
            .AddState(json.Int32, "int")
            .AddState(json.Int64, "long")
            .AddState(json.Double, "double")
            .AddState(json.Boolean, "bool")
            .AddState(json.Guid, "guid")
            .AddState(json.DateTimeOffset, "datetimeoffset")
            .AddState(json.Uri, "uri")
            // A sitemap's page requests carry their entry (its lastmod is what an incremental crawl compares).
            .AddState(json.SitemapEntry, "sitemap-entry");
    }
}

[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(Uri))]
[JsonSerializable(typeof(Sitemaps.SitemapEntry))]
internal sealed partial class BuiltInStateJson : JsonSerializerContext;
