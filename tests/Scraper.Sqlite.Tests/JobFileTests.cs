using Microsoft.Data.Sqlite;

namespace Scraper.Sqlite.Tests;

public sealed class JobFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Open_NewJob_CreatesOwnerOnlyFileInWalMode()
    {
        var path = _folder.File("jobs/shop.db");
        await using (var job = await SqliteCrawlJob.OpenAsync(path))
        {
            Assert.Equal(Path.GetFullPath(path), job.Path);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        using var connection = OpenPlain(path);
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Open_CorruptFile_FailsNamingTheFile_AndLeavesItAsItWas()
    {
        var path = _folder.File("shop.db");
        var garbage = "not a database, just some bytes that happen to be here"u8.ToArray();
        await File.WriteAllBytesAsync(path, garbage);

        var error = await Assert.ThrowsAsync<JobFileException>(() => SqliteCrawlJob.OpenAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Open_DamagedSqliteFile_FailsNamingTheFile()
    {
        var path = _folder.File("shop.db");
        await (await SqliteCrawlJob.OpenAsync(path)).DisposeAsync();
        // Keep the header, wreck the pages after it.
        var bytes = await File.ReadAllBytesAsync(path);
        for (var i = 100; i < bytes.Length; i++)
        {
            bytes[i] = 0xA5;
        }

        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAsync<JobFileException>(() => SqliteCrawlJob.OpenAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_ForeignSqliteFile_FailsNamingTheFile_AndLeavesItsTables()
    {
        var path = _folder.File("app.db");
        using (var connection = OpenPlain(path))
        {
            Execute(connection, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ada');");
        }

        var error = await Assert.ThrowsAsync<JobFileException>(() => SqliteCrawlJob.OpenAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("Scraper did not write", error.Message, StringComparison.Ordinal);
        using var check = OpenPlain(path);
        Assert.Equal(1L, Scalar(check, "SELECT count(*) FROM customers"));
    }

    [Fact]
    public async Task Open_JobOfAnotherFormatVersion_FailsNamingFileAndVersions()
    {
        var path = _folder.File("shop.db");
        await (await SqliteCrawlJob.OpenAsync(path)).DisposeAsync();
        using (var connection = OpenPlain(path))
        {
            Execute(connection, "UPDATE scraper_schema SET version = 7, written_by = '9.9.0'");
        }

        var error = await Assert.ThrowsAsync<JobFileException>(() => SqliteCrawlJob.OpenAsync(path, new SqliteJobOptions { Fresh = true }));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("9.9.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("format 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_JobInUseByAnotherOpener_FailsNamingTheFile()
    {
        var path = _folder.File("shop.db");
        await using var first = await SqliteCrawlJob.OpenAsync(path);

        var error = await Assert.ThrowsAsync<JobFileException>(() => SqliteCrawlJob.OpenAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("in use", error.Message, StringComparison.Ordinal);
    }

    private static SqliteConnection OpenPlain(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
