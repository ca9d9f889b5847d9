using System.Globalization;

namespace Yoi.Benchmarks.Infra;

/// <summary>Minimal <c>--name value</c> / <c>--flag</c> parser; everything after a bare <c>--</c> is kept in <see cref="Rest"/>.</summary>
public sealed class Args
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (a == "--")
            {
                Rest = list.Skip(i + 1).ToArray();
                break;
            }

            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                Positional.Add(a);
                continue;
            }

            var eq = a.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                _values[a[2..eq]] = a[(eq + 1)..];
            }
            else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                _values[a[2..]] = list[++i];
            }
            else
            {
                _values[a[2..]] = null;
            }
        }
    }

    public List<string> Positional { get; } = [];

    public string[] Rest { get; } = [];

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Str(string name, string? fallback = null) =>
        _values.TryGetValue(name, out var v) && v is not null ? v : fallback;

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) && v is not null ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public long Long(string name, long fallback) =>
        _values.TryGetValue(name, out var v) && v is not null ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out var v) && v is not null ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Forwards the options (not the positionals) to a child invocation of this binary.</summary>
    public IEnumerable<string> ToArgs()
    {
        foreach (var (k, v) in _values)
        {
            yield return "--" + k;
            if (v is not null)
                yield return v;
        }
    }
}
