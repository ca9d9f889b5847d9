using System.Globalization;
using System.Text;

namespace Yoi.Actors.Protocol;

/// <summary>
/// Formats an f64 the way serde_json does (the <c>ryu</c> crate): shortest round-trip digits, <c>1.0</c> for integral
/// values, <c>1e20</c> / <c>1.5e-7</c> outside ryu's plain-notation range, <c>null</c> for NaN/infinity.
/// Only serde_json::Value payloads carry floats, but their bytes must survive a round trip.
/// </summary>
internal static class SerdeFloat
{
    public static void Append(StringBuilder sb, double value)
    {
        if (!double.IsFinite(value))
        {
            sb.Append("null");
            return;
        }

        if (value == 0)
        {
            sb.Append(double.IsNegative(value) ? "-0.0" : "0.0");
            return;
        }

        // .NET's "R" is the shortest round-trip form too; only the layout differs from ryu.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text[0] == '-';
        var body = negative ? text.AsSpan(1) : text.AsSpan();
        var exponent = 0;
        var e = body.IndexOfAny('E', 'e');
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }

        // digits × 10^k with no leading/trailing zeros.
        var digits = new StringBuilder(body.Length);
        var dot = body.IndexOf('.');
        var fraction = dot < 0 ? 0 : body.Length - dot - 1;
        foreach (var c in body)
        {
            if (c != '.' && (digits.Length > 0 || c != '0'))
            {
                digits.Append(c);
            }
        }

        var k = exponent - fraction;
        while (digits[^1] == '0')
        {
            digits.Length--;
            k++;
        }

        if (negative)
        {
            sb.Append('-');
        }

        var length = digits.Length;
        var kk = length + k;
        if (k >= 0 && kk <= 16)
        {
            sb.Append(digits).Append('0', k).Append(".0");
        }
        else if (kk > 0 && kk <= 16)
        {
            sb.Append(digits.ToString(0, kk)).Append('.').Append(digits.ToString(kk, length - kk));
        }
        else if (kk > -5 && kk <= 0)
        {
            sb.Append("0.").Append('0', -kk).Append(digits);
        }
        else if (length == 1)
        {
            sb.Append(digits).Append('e').Append((kk - 1).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(digits[0]).Append('.').Append(digits.ToString(1, length - 1))
                .Append('e').Append((kk - 1).ToString(CultureInfo.InvariantCulture));
        }
    }
}
