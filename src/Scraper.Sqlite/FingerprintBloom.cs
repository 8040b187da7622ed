using Scraper.Crawling.Scheduling;

namespace Scraper.Sqlite;

/// <summary>
/// A Bloom filter of every fingerprint in the job (the file's and those on their way to it), so that a new link, which
/// the file does not have, is admitted without a look into it: a "no" is certain, a "maybe" (a duplicate, or about one
/// new fingerprint in a few hundred) is checked in the file, so nothing is ever dropped by mistake. Two bytes a
/// fingerprint (10 million take about 20 MiB, plus the unfilled part of the newest layer), in layers that double:
/// when the newest layer holds what it was sized for, a layer twice its size starts, so the filter never has to be
/// rebuilt from the file. Each layer is a blocked filter: the bits of a fingerprint are in one 64-byte block, one cache
/// miss a layer. Not thread-safe: <see cref="SeenFingerprints"/> guards it.
/// </summary>
internal sealed class FingerprintBloom
{
    /// <summary>The fingerprints the first layer is sized for when the job is new or small.</summary>
    public const int MinimumCapacity = 1 << 16;

    private const int BitsPerFingerprint = 16;
    private const int BlockWords = 8;
    private readonly List<Layer> _layers = [];

    public FingerprintBloom(long expected)
    {
        _layers.Add(new Layer(Math.Max(MinimumCapacity, expected * 2)));
    }

    /// <summary>Gets how many fingerprints were added.</summary>
    public long Count { get; private set; }

    /// <summary>Gets the bytes the layers take.</summary>
    public long Bytes => _layers.Sum(layer => (long)layer.Words.Length * sizeof(ulong));

    public bool MayContain(RequestFingerprint fingerprint)
    {
        foreach (var layer in _layers)
        {
            if (layer.MayContain(fingerprint))
            {
                return true;
            }
        }

        return false;
    }

    public void Add(RequestFingerprint fingerprint)
    {
        var newest = _layers[^1];
        if (newest.Count >= newest.Capacity)
        {
            newest = new Layer(newest.Capacity * 2);
            _layers.Add(newest);
        }

        newest.Add(fingerprint);
        Count++;
    }

    private sealed class Layer(long capacity)
    {
        public long Capacity { get; } = capacity;

        public long Count { get; private set; }

        public ulong[] Words { get; } = new ulong[Math.Max(1, capacity * BitsPerFingerprint / 64 / BlockWords) * BlockWords];

        public bool MayContain(RequestFingerprint fingerprint)
        {
            var block = Block(fingerprint);
            for (var i = 0; i < 8; i++)
            {
                var bit = Bit(fingerprint, i);
                if ((block[bit >> 6] & (1UL << bit)) == 0)
                {
                    return false;
                }
            }

            return true;
        }

        public void Add(RequestFingerprint fingerprint)
        {
            var block = Block(fingerprint);
            for (var i = 0; i < 8; i++)
            {
                var bit = Bit(fingerprint, i);
                block[bit >> 6] |= 1UL << bit;
            }

            Count++;
        }

        // The high 64 bits pick the block (multiply-high maps them onto the block count without a division).
        private Span<ulong> Block(RequestFingerprint fingerprint) =>
            Words.AsSpan((int)Math.BigMul(fingerprint.High, (ulong)(Words.Length / BlockWords), out _) * BlockWords, BlockWords);

        // Eight of the 512 bits of the block: seven from the low 64 bits, nine bits each, and one from the high 64's lowest nine.
        private static int Bit(RequestFingerprint fingerprint, int i) =>
            (int)((i < 7 ? fingerprint.Low >> (9 * i) : fingerprint.High) & 511);
    }
}
