using Yoi.Actors.Protocol;

namespace Yoi.Actors.Tests.Protocol;

/// <summary>Whatever serde rejects is a <see cref="ProtocolException"/> whose message says why.</summary>
public sealed class ErrorTests
{
    [Theory]
    [InlineData("{\"event\":\"text_delta\",\"data\":{\"text\":\"x\"}", "invalid JSON at position 41: unexpected end of input")]
    [InlineData("{\"event\":\"text_delta\",\"data\":{\"text\":x}}", "invalid JSON at position 37: Unexpected character encountered while parsing value: x.")]
    [InlineData("{\"event\":\"text_delta\" \"data\":{}}", "invalid JSON at position")]
    [InlineData("", "empty line")]
    [InlineData("[1,2]", "`event`: expected a JSON object, got an array")]
    [InlineData("\"text_delta\"", "`event`: expected a JSON object, got string")]
    [InlineData("{\"data\":{\"text\":\"x\"}}", "missing field `event`")]
    [InlineData("{\"event\":7}", "`event`: expected a string, got integer `7`")]
    [InlineData("{\"event\":\"text_delta\"}", "event `text_delta`: missing field `data`")]
    [InlineData("{\"event\":\"text_delta\",\"data\":\"x\"}", "event `text_delta`: `data`: expected an object, got string \"x\"")]
    [InlineData("{\"event\":\"text_delta\",\"data\":{\"text\":5}}", "event `text_delta`: `text`: expected a string, got integer `5`")]
    [InlineData("{\"event\":\"text_delta\",\"data\":{}}", "event `text_delta`: missing field `text`")]
    [InlineData("{\"event\":\"status\",\"data\":{\"status\":\"zzz\"}}", "event `status`: unknown status `zzz`")]
    [InlineData("{\"event\":\"turn_start\",\"data\":{\"turn\":-1}}", "event `turn_start`: field `turn`: integer `-1` out of range")]
    [InlineData("{\"event\":\"turn_start\",\"data\":{\"turn\":1.0}}", "event `turn_start`: `turn`: expected an unsigned integer, got floating point")]
    [InlineData("{\"event\":\"tool_result\",\"data\":{\"id\":\"c\",\"summary\":\"s\",\"is_error\":null}}", "event `tool_result`: `is_error`: expected a boolean, got null")]
    [InlineData("{\"event\":\"compact_start\",\"data\":{}}", "event `compact_start`: `data`: expected null or no `data` (unit variant), got an object")]
    [InlineData("{\"event\":\"compact_done\",\"data\":{\"new_segment_id\":\"nope\"}}", "event `compact_done`: field `new_segment_id`: invalid UUID `nope`")]
    [InlineData("{\"event\":\"user_message\",\"data\":{\"segments\":[{\"kind\":\"paste\",\"content\":\"x\"}]}}", "event `user_message`: segment `paste`: missing field `id`")]
    [InlineData("{\"event\":\"user_message\",\"data\":{\"segments\":[{\"content\":\"x\"}]}}", "event `user_message`: missing field `kind`")]
    [InlineData("{\"event\":\"llm_retry\",\"data\":{\"llm_call\":0,\"failed_attempt\":1,\"max_attempts\":3,\"wait_ms\":1,\"elapsed_ms\":1,\"status\":70000,\"error\":\"e\"}}", "event `llm_retry`: field `status`: integer `70000` out of range (0..=65535)")]
    [InlineData("{\"event\":\"text_delta\",\"event\":\"text_done\",\"data\":{\"text\":\"x\"}}", "duplicate field `event`")]
    [InlineData("{\"event\":\"text_delta\",\"data\":{\"text\":\"x\"}} x", "invalid JSON at position 43: Additional text encountered")]
    [InlineData("{\"event\":\"text_delta\",\"data\":{\"text\":\"x\"}} /* c */", "trailing characters at position")]
    [InlineData("{\"event\":\"text_delta\",/* c */\"data\":{\"text\":\"x\"}}", "invalid JSON: comments are not allowed")]
    public void Event_decode_errors_say_why(string line, string expected)
    {
        var error = Assert.Throws<ProtocolException>(() => EventCodec.Decode(line));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"method\":\"run\",\"params\":{\"input\":[]}", "invalid JSON at position")]
    [InlineData("null", "`method`: expected a JSON object, got null")]
    [InlineData("{\"params\":{\"message\":\"x\"}}", "missing field `method`")]
    [InlineData("{\"method\":\"nope\"}", "unknown method `nope` (expected one of `run`, `notify`")]
    [InlineData("{\"params\":{},\"method\":\"nope\"}", "unknown method `nope`")]
    [InlineData("{\"method\":\"resume\",\"params\":{}}", "method `resume`: `params`: expected null or no `params` (unit variant), got an object")]
    [InlineData("{\"method\":\"cancel\",\"params\":[]}", "method `cancel`: `params`: expected null or no `params` (unit variant), got an array")]
    [InlineData("{\"method\":\"notify\"}", "method `notify`: missing field `params`")]
    [InlineData("{\"method\":\"notify\",\"params\":null}", "method `notify`: `params`: expected an object, got null")]
    [InlineData("{\"method\":\"notify\",\"params\":{}}", "method `notify`: missing field `message`")]
    [InlineData("{\"method\":\"run\",\"params\":{\"input\":\"hello\"}}", "method `run`: `input`: expected an array of segments, got string \"hello\"")]
    [InlineData("{\"method\":\"pod_event\",\"params\":{\"kind\":\"exploded\",\"pod_name\":\"c\"}}", "method `pod_event`: unknown pod event kind `exploded`")]
    [InlineData("{\"method\":\"pod_event\",\"params\":{\"kind\":\"scope_sub_delegated\",\"parent_pod\":\"p\",\"sub_pod\":\"s\",\"sub_socket\":\"/s\",\"scope\":[{\"target\":\"/w\",\"permission\":\"admin\"}]}}", "method `pod_event`: pod event `scope_sub_delegated`: unknown permission `admin`")]
    [InlineData("{\"method\":\"list_completions\",\"params\":{\"kind\":\"emoji\",\"prefix\":\"\"}}", "method `list_completions`: unknown kind `emoji`")]
    public void Method_decode_errors_say_why(string line, string expected)
    {
        var error = Assert.Throws<ProtocolException>(() => MethodCodec.Decode(line));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
