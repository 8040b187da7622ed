using Microsoft.Data.Sqlite;

namespace Scraper.Sqlite;

/// <summary>
/// Turns a failed write to the job file (a full disk, a file or folder made read-only) into an error that names the
/// file and says what to do. Nothing is lost: what was not committed is written again when the job resumes.
/// </summary>
internal static class JobWrites
{
    public static JobFileException Failed(string path, SqliteException cause) => JobSchema.Refuse(
        path,
        cause.SqliteErrorCode switch
        {
            13 => "cannot be written: the disk (or the database's size limit) is full. Free some space and run again: the job resumes from its last commit.",
            8 => "cannot be written: it, or its folder, is read-only for this user. Make the state folder (Scraper:StateDirectory) writable, and run again.",
            14 => "cannot be opened for writing (its folder is missing or read-only, or it is not a file). Make the state folder (Scraper:StateDirectory) writable, and run again.",
            _ => $"cannot be written: {cause.Message}. Run again once the disk is fixed: the job resumes from its last commit.",
        },
        cause);

    /// <summary>Runs a write to the job file, turning a SQLite failure into a <see cref="JobFileException"/> naming it.</summary>
    public static void Run(JobConnection job, Action write)
    {
        try
        {
            write();
        }
        catch (SqliteException ex)
        {
            throw Failed(job.Path, ex);
        }
    }
}
