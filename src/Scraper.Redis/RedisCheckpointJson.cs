using System.Text.Json.Serialization;
using Scraper.Items;

namespace Scraper.Redis;

/// <summary>A worker's committed export checkpoints as stored in the crawl's checkpoint hash (source-generated, so native AOT works).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ExportCheckpoint?[]))]
internal sealed partial class RedisCheckpointJson : JsonSerializerContext;
