using System.Text.Json.Serialization.Metadata;

namespace Scraper.Crawling.Scheduling.Storage;

/// <summary>A type requests may carry as state, with the name it is stored under and its JSON contract.</summary>
internal sealed record StorableType(string Name, JsonTypeInfo TypeInfo);

/// <summary>A request feature that is stored, with the way to put it back into a bag under its own type.</summary>
internal sealed record StorableFeature(string Name, JsonTypeInfo TypeInfo, Func<RequestFeatures, object, RequestFeatures> AddTo);
