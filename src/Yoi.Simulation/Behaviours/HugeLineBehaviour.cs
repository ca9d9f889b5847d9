namespace Yoi.Simulation.Behaviours;

/// <summary><see cref="PodMode.HugeLine"/>: one line of <see cref="SimulationOptions.HugeLineBytes"/> bytes before the greeting, then normal.</summary>
internal sealed class HugeLineBehaviour : ConversingBehaviour
{
    private HugeLineBehaviour()
    {
    }

    public static HugeLineBehaviour Instance { get; } = new();

    public override IReadOnlyList<byte[]> Prelude(SimulationOptions options) => [HugeLine(options.HugeLineBytes)];

    /// <summary>A syntactically valid text_delta padded to exactly <paramref name="bytes"/> bytes before its <c>\n</c>.</summary>
    private static byte[] HugeLine(int bytes)
    {
        var head = "{\"event\":\"text_delta\",\"data\":{\"text\":\""u8;
        var tail = "\"}}"u8;
        var line = new byte[bytes + 1];
        line.AsSpan().Fill((byte)'x');
        if (bytes >= head.Length + tail.Length)
        {
            head.CopyTo(line);
            tail.CopyTo(line.AsSpan(bytes - tail.Length));
        }

        line[bytes] = (byte)'\n';
        return line;
    }
}
