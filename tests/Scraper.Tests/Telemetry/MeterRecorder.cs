using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Scraper.Tests.Telemetry;

/// <summary>Records every measurement of one meter (and only that one: other tests crawl in parallel).</summary>
internal sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measured> _measured = new();

    public MeterRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public sealed record Measured(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        public object? Tag(string name) => Tags.GetValueOrDefault(name);
    }

    public IReadOnlyList<Measured> Of(string instrument) => [.. _measured.Where(m => m.Instrument == instrument)];

    public double Sum(string instrument, Func<Measured, bool>? where = null) => Of(instrument).Where(where ?? (_ => true)).Sum(m => m.Value);

    /// <summary>Collects the observable instruments now and returns what they reported.</summary>
    public IReadOnlyList<Measured> Observe(string instrument)
    {
        var before = _measured.Count;
        _listener.RecordObservableInstruments();
        return [.. _measured.Skip(before).Where(m => m.Instrument == instrument)];
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue;
        }

        _measured.Enqueue(new Measured(instrument.Name, instrument.Unit, value, copy));
    }
}
