using System.Text;
using Microsoft.Data.Sqlite;

namespace Scraper.Sqlite;

/// <summary>
/// Opens a job file: created readable only by its owner (it holds session cookies), checked to be a SQLite file
/// before SQLite touches it, then put in WAL mode with an exclusive lock so that a second process on the same job
/// is refused instead of interleaving with the first.
/// </summary>
internal static class JobFile
{
    private const int CacheKiB = 16 * 1024;
    private const long WalLimitBytes = 64L * 1024 * 1024;
    private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");

    public static SqliteConnection Open(string path, TimeProvider time)
    {
        var directory = Path.GetDirectoryName(path);
        try
        {
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            CreateOwnerOnly(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only state folder, a file where a folder should be, a full disk: said at start, naming the file.
            throw JobSchema.Refuse(path, $"cannot be created in '{directory}' ({ex.Message}). The state folder (Scraper:StateDirectory) must be a folder this user can write.", ex);
        }

        CheckHeader(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 1 }.ToString());
        try
        {
            // A one-second busy wait: this process holds the file's lock for as long as the job is open, so a busy
            // file means another process has the job, and waiting longer would not change that.
            connection.Open();
            // Exclusive before WAL: no shared-memory index, and the lock is held until the connection closes.
            // synchronous=NORMAL in WAL mode survives a killed process (the OS has every committed page); only a
            // power loss can take back the last commits, and never corrupts the file.
            JobSchema.Execute(connection, "PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;");
            // A page cache of 16 MiB (SQLite's default is 2): the seen index's inner pages stay in it, so a look into
            // the index reads one page. No mmap: mapped pages of a file of gigabytes would count in the process's RSS.
            // The WAL, which a merge of the seen log fills with a copy of the index, is cut back after the checkpoint.
            JobSchema.Execute(connection, $"PRAGMA cache_size = -{CacheKiB}; PRAGMA journal_size_limit = {WalLimitBytes};");
            // A write takes the exclusive lock now, so a job in use elsewhere fails here, at open.
            JobSchema.Execute(connection, "BEGIN IMMEDIATE; COMMIT;");
            JobSchema.Ensure(connection, path, time);
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw ex.SqliteErrorCode switch
            {
                5 or 6 => JobSchema.Refuse(path, "is in use by another process (another run of the same job?). Wait for it to end, or give this run another --job name.", ex),
                8 or 13 or 14 => JobWrites.Failed(path, ex),
                11 or 26 => JobSchema.Refuse(path, $"is damaged or not a SQLite database ({ex.Message}). Nothing was changed; delete it to start the job over.", ex),
                _ => JobSchema.Refuse(path, $"cannot be opened: {ex.Message}", ex),
            };
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void CreateOwnerOnly(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var created = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created by someone else meanwhile: the lock below decides who gets it.
        }
    }

    private static void CheckHeader(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (file.Length == 0)
        {
            return;
        }

        Span<byte> header = stackalloc byte[16];
        if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header.SequenceEqual(SqliteHeader))
        {
            throw JobSchema.Refuse(path, "is not a SQLite database (damaged, or some other file). Nothing was changed; delete it or choose another job name to start over.");
        }
    }
}
