using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Scraper.Sqlite;

/// <summary>
/// The job file's tables and the checks that it is one: a Scraper application id in the SQLite header and a schema
/// version row. A file that fails a check is refused with an error naming it; it is never emptied or overwritten.
/// </summary>
internal static class JobSchema
{
    /// <summary>The schema version this build writes and reads.</summary>
    /// <remarks>
    /// Format 2 added the seen log (<see cref="SeenLog"/>): fingerprints appended in the order they came, merged into
    /// the seen index in sorted runs. A format 1 file is upgraded in place when opened (its fingerprints are all in
    /// the index, the log starts empty); a build that reads format 1 only refuses a format 2 file, since it would not
    /// know the fingerprints in its log and could admit them again.
    /// </remarks>
    public const int Version = 2;

    /// <summary>The oldest format this build opens (and upgrades).</summary>
    public const int OldestReadable = 1;

    /// <summary>"SCRP": marks a SQLite file as a Scraper job file (PRAGMA application_id).</summary>
    public const int ApplicationId = 0x53435250;

    private const string Create = """
        CREATE TABLE scraper_schema (version INTEGER NOT NULL, written_by TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE TABLE scraper_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE frontier (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            priority INTEGER NOT NULL,
            depth INTEGER NOT NULL,
            leased_until INTEGER,
            request BLOB NOT NULL);
        CREATE INDEX frontier_next ON frontier (priority DESC, id) WHERE leased_until IS NULL;
        CREATE TABLE seen (fingerprint BLOB PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE seen_log (fingerprint BLOB NOT NULL);
        CREATE TABLE sessions (name TEXT PRIMARY KEY, cookies BLOB NOT NULL, saved_at INTEGER NOT NULL) WITHOUT ROWID;
        """;

    // The incremental crawl's history, kept when a finished job starts over (that is what it is for). Added to job
    // files of this format that predate it: an older build ignores the tables, so the format version stays.
    private const string History = """
        CREATE TABLE IF NOT EXISTS visits (page BLOB PRIMARY KEY, items INTEGER NOT NULL, visited_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS item_versions (key TEXT PRIMARY KEY, digest BLOB NOT NULL, exported_at INTEGER NOT NULL) WITHOUT ROWID;
        """;

    private static readonly string WrittenBy = typeof(JobSchema).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Creates the tables in a new file, or checks that an existing one is a job file of this version.</summary>
    public static void Ensure(SqliteConnection connection, string path, TimeProvider time)
    {
        var applicationId = Convert.ToInt64(Scalar(connection, "PRAGMA application_id"), CultureInfo.InvariantCulture);
        var tables = Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_master"), CultureInfo.InvariantCulture);
        if (applicationId == 0 && tables == 0)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, Create + History + $"\nPRAGMA application_id = {ApplicationId};", transaction);
            using var insert = Command(connection, "INSERT INTO scraper_schema (version, written_by, created_at) VALUES ($version, $by, $at)", transaction);
            insert.Parameters.AddWithValue("$version", Version);
            insert.Parameters.AddWithValue("$by", WrittenBy);
            insert.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
            transaction.Commit();
            return;
        }

        if (applicationId != ApplicationId)
        {
            throw Refuse(path, $"is a SQLite database that Scraper did not write (application id {applicationId}, {tables} objects in it). Point Scraper:Job at another name, or move the file away.");
        }

        using var read = Command(connection, "SELECT version, written_by FROM scraper_schema LIMIT 1");
        using var reader = read.ExecuteReader();
        if (!reader.Read())
        {
            throw Refuse(path, "is a Scraper job file without a schema version (damaged). Delete it to start the job over.");
        }

        var version = reader.GetInt64(0);
        if (version is < OldestReadable or > Version)
        {
            throw Refuse(path, $"was written by Scraper {reader.GetString(1)} in job format {version}; this version ({WrittenBy}) reads formats {OldestReadable} to {Version} only. Run it with that version, or delete the file (--fresh does not) to start over.");
        }

        reader.Close();
        Execute(connection, History);
        if (version < Version)
        {
            Upgrade(connection);
        }
    }

    // Format 1 to 2: an empty seen log beside the index, which has every fingerprint. One transaction: a crash leaves format 1.
    private static void Upgrade(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, "CREATE TABLE IF NOT EXISTS seen_log (fingerprint BLOB NOT NULL);", transaction);
        using var update = Command(connection, "UPDATE scraper_schema SET version = $version, written_by = $by", transaction);
        update.Parameters.AddWithValue("$version", Version);
        update.Parameters.AddWithValue("$by", WrittenBy);
        update.ExecuteNonQuery();
        transaction.Commit();
    }

    public static JobFileException Refuse(string path, string problem, Exception? cause = null)
    {
        var message = $"The job file '{path}' {problem}";
        return cause is null ? new JobFileException(message) { Path = path } : new JobFileException(message, cause) { Path = path };
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = Command(connection, sql, transaction);
        command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        return command.ExecuteScalar();
    }
}
