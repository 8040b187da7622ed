using System.Numerics;
using System.Runtime.InteropServices;

namespace Scraper.Parsing;

/// <summary>
/// Caps how deep elements nest before AngleSharp sees a page, as browsers cap their trees (Chromium's parser at 512):
/// AngleSharp's tree builder scans its stack of open elements for every start tag, so a page nested 100,000 deep
/// costs it quadratic time (45 s). One pass over the text tracks the elements that can nest (a stack of names, closed
/// by their end tags as the HTML tree builder closes them, ignoring void, raw-text and self-closing elements) and
/// drops the start tags that would open an element beyond the cap, with their end tags. Their content stays, one
/// level up. The count is a close approximation of the tree's depth, never far below it: an element it ignores
/// (li, p, td, a …) closes its own kind, so it can at most double the depth between two counted ones.
/// </summary>
internal static class HtmlDepthLimiter
{
    /// <summary>Returns the page with no element nested deeper than <paramref name="maxDepth"/>.</summary>
    /// <param name="html">The page.</param>
    /// <param name="maxDepth">The deepest nesting kept.</param>
    /// <param name="droppedTags">The number of start tags dropped; 0 when the page is returned as it was.</param>
    /// <returns>The same string when nothing was dropped, else the page without the dropped tags.</returns>
    public static string Limit(string html, int maxDepth, out int droppedTags)
    {
        droppedTags = 0;

        // No page with fewer tags than the cap can nest deeper than it: most pages end here, at one vectorised count.
        return CountOf('<', html) > maxDepth ? new HtmlNestingScan(html, maxDepth).Run(out droppedTags) : html;
    }

    // MemoryExtensions.Count, without its cost in a native AOT build, where its 16-bit path calls a software
    // ExtractMostSignificantBits per 8 chars (3% of a crawl's instructions under callgrind, the benchmark site): each
    // lane counts its own matches (an equal lane is all ones, so subtracting it adds one), summed once per block.
    private static int CountOf(char value, string text)
    {
        var chars = MemoryMarshal.Cast<char, ushort>(text.AsSpan());
        var vectors = Vector.IsHardwareAccelerated ? MemoryMarshal.Cast<ushort, Vector<ushort>>(chars) : [];
        var wanted = new Vector<ushort>(value);
        var count = 0;
        for (var block = 0; block < vectors.Length; block += ushort.MaxValue)
        {
            var lanes = Vector<ushort>.Zero;
            foreach (var vector in vectors[block..Math.Min(vectors.Length, block + ushort.MaxValue)])
            {
                lanes -= Vector.Equals(vector, wanted);
            }

            Vector.Widen(lanes, out var low, out var high);
            count += (int)(Vector.Sum(low) + Vector.Sum(high));
        }

        foreach (var c in chars[(vectors.Length * Vector<ushort>.Count)..])
        {
            count += c == value ? 1 : 0;
        }

        return count;
    }
}
