using System.Text.Json.Serialization;
using Scraper.Items;

namespace Scraper.Sqlite;

/// <summary>The exporters' committed checkpoints as stored in the job file (source-generated, so native AOT works).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ExportCheckpoint?[]))]
internal sealed partial class CheckpointJson : JsonSerializerContext
{
    /// <summary>The <c>scraper_state</c> key the checkpoints are kept under.</summary>
    public const string Key = "export_checkpoints";
}
