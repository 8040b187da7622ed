namespace Scraper.Parsing;

/// <summary>Reads the charset parameter out of a Content-Type header or a meta content attribute.</summary>
internal static class ContentTypeCharset
{
    /// <summary>The charset of a Content-Type header value, or null.</summary>
    public static string? FromHeader(string? contentType) => contentType is null ? null : FromContent(contentType);

    /// <summary>"Extract a character encoding from a meta element" of the HTML standard (also fine for headers).</summary>
    public static string? FromContent(string content)
    {
        var position = 0;
        while (true)
        {
            var index = content.IndexOf("charset", position, StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                return null;
            }

            var i = index + 7;
            while (i < content.Length && char.IsWhiteSpace(content[i]))
            {
                i++;
            }

            if (i >= content.Length || content[i] != '=')
            {
                position = index + 7;
                continue;
            }

            i++;
            while (i < content.Length && char.IsWhiteSpace(content[i]))
            {
                i++;
            }

            if (i >= content.Length)
            {
                return null;
            }

            if (content[i] is '"' or '\'')
            {
                var quote = content[i];
                var end = content.IndexOf(quote, i + 1);
                return end < 0 ? null : content[(i + 1)..end];
            }

            var stop = i;
            while (stop < content.Length && !char.IsWhiteSpace(content[stop]) && content[stop] != ';')
            {
                stop++;
            }

            return content[i..stop];
        }
    }
}
