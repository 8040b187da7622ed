// What README.md's "The Session, used alone" snippet is compiled with (ReadmeSnippetTests): the password and the
// API's types it names.
global using static SessionAloneContext;

internal static class SessionAloneContext
{
    public static string secret => Environment.GetEnvironmentVariable("API_PASSWORD") ?? string.Empty;
}

public sealed record Token(string Value);

public sealed record Order(int Id, decimal Total);
