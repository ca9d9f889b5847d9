namespace Yoi.Actors.Protocol;

/// <summary>The wire names of <see cref="Dialect"/>: <c>pod</c> and <c>worker</c>.</summary>
public static class DialectNames
{
    public static string ToWire(this Dialect dialect) => dialect switch
    {
        Dialect.Pod => "pod",
        Dialect.Worker => "worker",
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, null),
    };

    public static bool TryParse(string? text, out Dialect dialect)
    {
        switch (text)
        {
            case "pod":
                dialect = Dialect.Pod;
                return true;
            case "worker":
                dialect = Dialect.Worker;
                return true;
            default:
                dialect = default;
                return false;
        }
    }
}
