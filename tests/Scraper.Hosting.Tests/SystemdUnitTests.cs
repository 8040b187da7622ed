using System.Diagnostics;

namespace Scraper.Hosting.Tests;

/// <summary>The README's systemd unit, checked by systemd itself.</summary>
public sealed class SystemdUnitTests : IDisposable
{
    private const string Analyze = "/usr/bin/systemd-analyze";
    private readonly string _directory = Directory.CreateTempSubdirectory("scraper-unit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string UnitFromReadme()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var begin = readme.IndexOf("<!-- unit:begin", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- unit:end -->", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "README.md has no unit:begin/unit:end markers");
        var block = readme[begin..end];
        var start = block.IndexOf("```ini\n", StringComparison.Ordinal) + "```ini\n".Length;
        return block[start..block.LastIndexOf("```", StringComparison.Ordinal)];
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Scraper.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Scraper.sln not found above the test folder.");
    }

    [Fact]
    public void Readme_UnitHasNoTrailingCommentsAndCountsAStopDuringARunAsSuccess()
    {
        var lines = UnitFromReadme().Split('\n');

        Assert.Contains("Wants=network-online.target", lines);
        Assert.Contains($"SuccessExitStatus={ExitCodes.Interrupted}", lines);
        Assert.All(lines.Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#')), l => Assert.DoesNotContain(" #", l, StringComparison.Ordinal));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Readme_UnitPassesSystemdAnalyzeVerify()
    {
        Assert.True(File.Exists(Analyze), $"{Analyze} is missing: install Debian's systemd package (.ci/run does)");
        // The unit's paths, moved under a temporary folder: an ExecStart binary that exists, its working folder.
        var root = Path.Combine(_directory, "opt", "scraper", "shop");
        Directory.CreateDirectory(root);
        var binary = Path.Combine(root, "Shop");
        await File.WriteAllTextAsync(binary, "#!/bin/sh\n");
        File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var unit = Path.Combine(_directory, "scraper-shop.service");
        await File.WriteAllTextAsync(unit, UnitFromReadme().Replace("/opt/scraper/shop", root, StringComparison.Ordinal));

        var start = new ProcessStartInfo(Analyze, ["verify", "--man=no", unit]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SYSTEMD_LOG_LEVEL"] = "warning";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        var messages = (await output + await error).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains("scraper-shop.service", StringComparison.Ordinal)).ToList();
        Assert.True(process.ExitCode == 0 && messages.Count == 0, $"exit {process.ExitCode}: {await output}{await error}");
    }
}
