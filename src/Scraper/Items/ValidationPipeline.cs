using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace Scraper.Items;

/// <summary>
/// Drops items that break their data annotations (<c>[Required]</c>, <c>[Range]</c>, <c>[Url]</c> ...), with the
/// failed member as the reason, so a page whose markup changed shows up in the stats instead of as empty rows.
/// </summary>
public sealed class ValidationPipeline : IItemPipeline
{
    /// <summary>Creates the pipeline.</summary>
    [RequiresUnreferencedCode("Data annotations are read by reflection: the item types' properties must not be trimmed away.")]
    public ValidationPipeline()
    {
    }

    /// <inheritdoc/>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The constructor carries the requirement, so only an application that accepts it gets here.")]
    public IAsyncEnumerable<object> ProcessAsync(object item, ItemContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(item, new ValidationContext(item), results, validateAllProperties: true))
        {
            var members = string.Join(", ", results.SelectMany(result => result.MemberNames).Distinct().Order(StringComparer.Ordinal));
            throw new DropItemException($"invalid {item.GetType().Name}: {members}");
        }

        return new[] { item }.ToAsyncEnumerable();
    }
}
