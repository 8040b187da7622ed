using System.Security.Cryptography;
using System.Text.Json;

namespace DemoShop;

/// <summary>
/// What the shop remembers across runs when <see cref="DemoShopOptions.StateDirectory"/> is set: its password and
/// its login sessions, as a real shop keeps them in its database, so a crawler's saved cookies stay valid for the
/// next run. One owner-only file, <c>shop.json</c>, in an owner-only folder, replaced atomically.
/// </summary>
internal sealed class ShopState
{
    private const string FileName = "shop.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { WriteIndented = true };

    private readonly string _directory;
    private readonly SemaphoreSlim _write = new(1, 1);

    private ShopState(string directory, SavedShop saved)
    {
        _directory = directory;
        Saved = saved;
    }

    /// <summary>Gets what was loaded at start.</summary>
    public SavedShop Saved { get; private set; }

    /// <summary>Loads the folder's state, or starts one with a made-up password (saved at once) when there is none.</summary>
    public static async Task<ShopState> OpenAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, FileName);
        SavedShop? saved = null;
        if (File.Exists(path))
        {
            try
            {
                await using var stream = File.OpenRead(path);
                saved = await JsonSerializer.DeserializeAsync<SavedShop>(stream, Json, cancellationToken);
            }
            catch (JsonException)
            {
                // A damaged file is a fresh start: new password, no sessions (crawlers simply log in again).
            }
        }

        var state = new ShopState(directory, saved ?? new SavedShop(Convert.ToHexString(RandomNumberGenerator.GetBytes(12)), []));
        if (saved is null)
        {
            await state.SaveAsync(state.Saved.Sessions, cancellationToken);
        }

        return state;
    }

    /// <summary>Remembers the port the shop listens on now (saved with the next write, and at once here).</summary>
    public Task SavePortAsync(int port, CancellationToken cancellationToken)
    {
        Saved = Saved with { Port = port };
        return SaveAsync(Saved.Sessions, cancellationToken);
    }

    /// <summary>Writes the sessions (and the password) beside the file, owner-only, and moves them in.</summary>
    public async Task SaveAsync(IReadOnlyDictionary<string, SavedLogin> sessions, CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken);
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            else
            {
                Directory.CreateDirectory(_directory);
            }

            var path = Path.Combine(_directory, FileName);
            var temporary = path + ".tmp";
            var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var stream = new FileStream(temporary, file))
            {
                await JsonSerializer.SerializeAsync(stream, Saved with { Sessions = new Dictionary<string, SavedLogin>(sessions) }, Json, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            _write.Release();
        }
    }
}

/// <summary>The shop's saved state.</summary>
/// <param name="Password">The account's password, made up on the first run.</param>
/// <param name="Sessions">The login sessions by id.</param>
internal sealed record SavedShop(string Password, Dictionary<string, SavedLogin> Sessions)
{
    /// <summary>Gets the port the shop last listened on, so a crawl resumed from its job finds its stored URLs again.</summary>
    public int? Port { get; init; }
}

/// <summary>One login session.</summary>
/// <param name="User">Who logged in.</param>
/// <param name="LoggedInAt">When.</param>
internal sealed record SavedLogin(string User, DateTimeOffset LoggedInAt);
