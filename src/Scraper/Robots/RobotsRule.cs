namespace Scraper.Robots;

/// <summary>One Allow or Disallow line.</summary>
/// <param name="Pattern">The path pattern, with <c>*</c> wildcards and an optional final <c>$</c>.</param>
/// <param name="Allow">Whether the line allows (true) or disallows.</param>
internal sealed record RobotsRule(string Pattern, bool Allow)
{
    public bool Matches(string path) => Match(path.AsSpan(), Pattern.AsSpan());

    private static bool Match(ReadOnlySpan<char> path, ReadOnlySpan<char> pattern)
    {
        while (true)
        {
            if (pattern.IsEmpty)
            {
                return true;
            }

            if (pattern is ['$'])
            {
                return path.IsEmpty;
            }

            if (pattern[0] == '*')
            {
                var rest = pattern[1..];
                for (var i = 0; i <= path.Length; i++)
                {
                    if (Match(path[i..], rest))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (path.IsEmpty || path[0] != pattern[0])
            {
                return false;
            }

            path = path[1..];
            pattern = pattern[1..];
        }
    }
}
