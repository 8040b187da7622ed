namespace Scraper.Parsing;

/// <summary>Limits of <see cref="HtmlDocumentParser"/>.</summary>
public sealed class HtmlDocumentParserOptions
{
    /// <summary>The default <see cref="MaxDepth"/>: Chromium's parser caps its tree at the same depth.</summary>
    public const int DefaultMaxDepth = 512;

    /// <summary>Gets or sets how deep elements may nest; the start tags of deeper ones are dropped and their content
    /// kept one level up, so a hostile page nested 100,000 deep parses in linear time (AngleSharp alone: 45 s).</summary>
    /// <value>The default value is <see cref="DefaultMaxDepth"/>.</value>
    public int MaxDepth { get; set; } = DefaultMaxDepth;

    /// <summary>Throws when a value is out of range, naming its key.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxDepth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDepth), MaxDepth, $"{nameof(HtmlDocumentParserOptions)}.{nameof(MaxDepth)} must be at least 1.");
        }
    }
}
