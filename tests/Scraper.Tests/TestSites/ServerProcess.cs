using System.Diagnostics;

namespace Scraper.Tests.TestSites;

/// <summary>
/// Starts a real server process (httpbin, redis-server) and waits until it prints the line that says it is ready:
/// no polling of its port. If it exits first, the error shows what it printed and how to install it.
/// </summary>
internal static class ServerProcess
{
    public static async Task<Process> StartAsync(ProcessStartInfo start, string readyLine, string whenMissing)
    {
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (e.Data.Contains(readyLine, StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        process.ErrorDataReceived += OnLine;
        process.OutputDataReceived += OnLine;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"{Path.GetFileName(start.FileName)} exited before it was ready ({whenMissing}): " + string.Join('\n', output)));
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            throw;
        }

        return process;
    }
}
