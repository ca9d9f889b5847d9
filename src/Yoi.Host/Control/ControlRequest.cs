using Newtonsoft.Json.Linq;

namespace Yoi.Host.Control;

/// <summary>One request line of the control protocol: <c>{"method":…,"params":{…},"id":…}</c> (<c>params</c> and <c>id</c> optional).</summary>
public sealed record ControlRequest(string Method, JObject Params, JToken? Id);
