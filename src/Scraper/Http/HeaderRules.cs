using System.Globalization;
using System.Text;
using Scraper.Http.Cookies;

namespace Scraper.Http;

/// <summary>
/// What may go into a request header (semantics H3, H4): names are RFC 9110 tokens; values hold no control
/// character but HTAB (no CR, LF, NUL) and fit in Latin-1, which is how they are sent. Cookie names and values
/// have their own rules: the Cookie header is sent as UTF-8 (C6, C11). Reasons never quote the value.
/// </summary>
internal static class HeaderRules
{
    /// <summary>Throws <see cref="InvalidHeaderException"/> unless the name is a token and the value can be sent.</summary>
    public static void Ensure(string name, string value)
    {
        if ((NameProblem(name) ?? ValueProblem(name, value)) is { } reason)
        {
            throw new InvalidHeaderException(name, reason);
        }
    }

    /// <summary>Throws <see cref="InvalidHeaderException"/> unless the name is an HTTP token.</summary>
    public static void EnsureName(string name)
    {
        if (NameProblem(name) is { } reason)
        {
            throw new InvalidHeaderException(name, reason);
        }
    }

    /// <summary>Throws <see cref="InvalidHeaderException"/> naming <paramref name="header"/> unless the value can be sent.</summary>
    public static void EnsureValue(string header, string value)
    {
        if (ValueProblem(header, value) is { } reason)
        {
            throw new InvalidHeaderException(header, reason);
        }
    }

    /// <summary>Throws <see cref="InvalidHeaderException"/> unless the cookie can go into a Cookie header.</summary>
    public static void EnsureCookie(string name, string value)
    {
        if (CookieProblem(name, value) is { } reason)
        {
            throw new InvalidHeaderException("Cookie", reason);
        }
    }

    /// <summary>Why the name is not an RFC 9110 token, or null when it is.</summary>
    public static string? NameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "the name is empty";
        }

        foreach (var c in name)
        {
            if (!IsTokenChar(c))
            {
                return c < ' ' || c == '\x7f'
                    ? "the name contains a control character (CR, LF, NUL and the like are never sent)"
                    : "the name is not an HTTP token";
            }
        }

        return null;
    }

    /// <summary>
    /// Why the value cannot be sent without breaking the header, or null when it can: as Latin-1, but a hand-set
    /// Cookie header, which is sent as the jar's cookies are (UTF-8, escaped bytes as themselves).
    /// </summary>
    public static string? ValueProblem(string name, string value)
    {
        if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
        {
            var control = value.AsSpan().IndexOfAny(Controls);
            return control >= 0 ? ControlReason(control)
                : CookieEncoding.CanEncode(value) ? null : "the value has an unpaired surrogate";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (IsControl(c))
            {
                return ControlReason(i);
            }

            if (c > '\xff')
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"the value has a character outside Latin-1 at index {i}; header values are sent as Latin-1 (encode it, for example as RFC 8187 or percent-encoding)");
            }
        }

        return null;
    }

    /// <summary>Why a cookie cannot go into a Cookie header, or null when it can.</summary>
    public static string? CookieProblem(string name, string value)
    {
        if (name.Length == 0)
        {
            return "a cookie name is empty";
        }

        foreach (var c in name)
        {
            if (IsControl(c) || c is '=' or ';')
            {
                return "a cookie name has a control character, '=' or ';'";
            }
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (IsControl(value[i]) || value[i] == ';')
            {
                return string.Create(CultureInfo.InvariantCulture, $"the value of cookie '{Printable(name)}' has a control character or ';' at index {i}");
            }
        }

        return CookieEncoding.CanEncode(value)
            ? null
            : $"the value of cookie '{Printable(name)}' has an unpaired surrogate";
    }

    /// <summary>The name as it may appear in a message or log: control characters as <c>\xNN</c>.</summary>
    public static string Printable(string name)
    {
        if (!name.Any(IsControl))
        {
            return name;
        }

        var builder = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            builder.Append(IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}") : c);
        }

        return builder.ToString();
    }

    private static string ControlReason(int index) => string.Create(CultureInfo.InvariantCulture,
        $"the value has a control character at index {index} (CR, LF, NUL and other controls would change the request; only tab is allowed)");

    private static readonly System.Buffers.SearchValues<char> Controls = System.Buffers.SearchValues.Create(
        "\0\x01\x02\x03\x04\x05\x06\x07\x08\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f");

    /// <summary>C0 controls but HTAB, and DEL: what RFC 9110 field values never hold.</summary>
    private static bool IsControl(char c) => c is < ' ' and not '\t' or '\x7f';

    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
