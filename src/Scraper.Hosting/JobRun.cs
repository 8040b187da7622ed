namespace Scraper.Hosting;

/// <summary>
/// The run a job belongs to, kept in the job file while it is unfinished: a resumed run takes its id and start (so
/// <c>{run}</c> and <c>{date}</c> name the same file) and goes on from its counters.
/// </summary>
/// <param name="Id">The run's id.</param>
/// <param name="StartedAt">When the job's first run started.</param>
/// <param name="Requests">Requests sent by the job's runs so far.</param>
/// <param name="Responses">Pages received so far.</param>
/// <param name="Items">Items scraped so far (the resumed run takes those its export holds).</param>
/// <param name="Errors">Errors so far.</param>
internal sealed record JobRun(string Id, DateTimeOffset StartedAt, long Requests, long Responses, long Items, long Errors)
{
    /// <summary>The job note the run is kept under.</summary>
    public const string NoteKey = "hosting.run";
}
