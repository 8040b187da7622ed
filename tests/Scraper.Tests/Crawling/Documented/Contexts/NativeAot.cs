// What README.md's Native AOT snippet is compiled with (ReadmeSnippetTests): the usings, an item type and the
// session options it names, and the half of ShopJson that System.Text.Json's source generator writes in a real build.
global using System.Text.Json;
global using System.Text.Json.Serialization;
global using System.Text.Json.Serialization.Metadata;
global using Scraper.Http;
global using Scraper.Items;
global using static NativeAotContext;

internal static class NativeAotContext
{
    public static SessionOptions sessionOptions { get; } = new();
}

public sealed record Product(string Name, decimal Price);

internal sealed partial class ShopJson
{
    public ShopJson()
        : base(null)
    {
    }

    public static ShopJson Default { get; } = new();

    protected override JsonSerializerOptions? GeneratedSerializerOptions => null;

    public override JsonTypeInfo? GetTypeInfo(Type type) => null;
}
