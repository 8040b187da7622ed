using System.IO.Compression;

namespace Scraper.Tests.Hostile;

/// <summary>
/// A gzip body that expands to gigabytes: one member of 1 MiB of zeros (about 1 KB compressed) repeated, since a
/// gzip stream may hold many members and decoders concatenate them. Written lazily, never held whole.
/// </summary>
internal static class GzipBomb
{
    /// <summary>How many times the member is repeated: 4 GiB once decompressed.</summary>
    public const int Members = 4096;

    public const int MemberExpandedSize = 1024 * 1024;

    private static readonly byte[] Member = Compress(new byte[MemberExpandedSize]);

    /// <summary>Writes the bomb until done or until the reader goes away.</summary>
    public static async Task WriteAsync(Stream body, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Members; i++)
        {
            await body.WriteAsync(Member, cancellationToken);
        }
    }

    /// <summary>The compressed size of the whole bomb.</summary>
    public static long CompressedSize => (long)Member.Length * Members;

    private static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
