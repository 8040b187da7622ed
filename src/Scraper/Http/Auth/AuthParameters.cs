namespace Scraper.Http.Auth;

/// <summary>Reads the auth-params of one scheme in a WWW-Authenticate value (RFC 9110 §11.2): token or quoted-string values.</summary>
internal static class AuthParameters
{
    /// <summary>The parameters of the challenge with this scheme, or null when the header holds none.</summary>
    public static Dictionary<string, string>? FindScheme(string header, string scheme)
    {
        var position = 0;
        while (position < header.Length)
        {
            SkipSeparators(header, ref position);
            var token = ReadToken(header, ref position);
            if (token.Length == 0)
            {
                return null;
            }

            SkipWhitespace(header, ref position);
            if (position < header.Length && header[position] == '=')
            {
                // A parameter of another scheme's challenge: skip its value.
                position++;
                SkipWhitespace(header, ref position);
                ReadValue(header, ref position);
                continue;
            }

            if (token.Equals(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return ReadParameters(header, ref position);
            }
        }

        return null;
    }

    private static Dictionary<string, string> ReadParameters(string header, ref int position)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (position < header.Length)
        {
            SkipSeparators(header, ref position);
            var start = position;
            var key = ReadToken(header, ref position);
            SkipWhitespace(header, ref position);
            if (key.Length == 0 || position >= header.Length || header[position] != '=')
            {
                // The next challenge's scheme begins here.
                position = start;
                break;
            }

            position++;
            SkipWhitespace(header, ref position);
            parameters.TryAdd(key, ReadValue(header, ref position));
        }

        return parameters;
    }

    private static string ReadValue(string header, ref int position)
    {
        if (position >= header.Length || header[position] != '"')
        {
            return ReadToken(header, ref position);
        }

        var value = new System.Text.StringBuilder();
        for (position++; position < header.Length && header[position] != '"'; position++)
        {
            if (header[position] == '\\' && position + 1 < header.Length)
            {
                position++;
            }

            value.Append(header[position]);
        }

        position++;
        return value.ToString();
    }

    private static string ReadToken(string header, ref int position)
    {
        var start = position;
        while (position < header.Length && header[position] is not (' ' or '\t' or ',' or '=' or '"'))
        {
            position++;
        }

        return header[start..position];
    }

    private static void SkipWhitespace(string header, ref int position)
    {
        while (position < header.Length && header[position] is ' ' or '\t')
        {
            position++;
        }
    }

    private static void SkipSeparators(string header, ref int position)
    {
        while (position < header.Length && header[position] is ' ' or '\t' or ',')
        {
            position++;
        }
    }
}
