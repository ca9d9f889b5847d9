namespace Yoi.Actors.Tests.Registry;

/// <summary>The worker dialect's golden registry, byte for byte: /work/shared/protocol/worker/workers.json
/// (<c>serde_json::to_vec_pretty</c> of the runtime's allocation table at b12e0785; no trailing newline).</summary>
internal static class GoldenWorkersJson
{
    public const string Text = """
        {
          "allocations": [
            {
              "worker_name": "worker-000",
              "pid": 4242,
              "socket": "/run/user/1000/yoi/worker-000/sock",
              "scope_allow": [
                {
                  "target": "/home/u/project",
                  "permission": "write",
                  "recursive": true
                }
              ],
              "scope_deny": [],
              "delegated_from": null,
              "segment_id": "0192f0e8-4d84-7d6e-a000-000000000001"
            },
            {
              "worker_name": "reviewer",
              "pid": 4243,
              "socket": "/run/user/1000/yoi/reviewer/sock",
              "scope_allow": [
                {
                  "target": "/home/u/project/docs",
                  "permission": "write",
                  "recursive": true
                },
                {
                  "target": "/home/u/project",
                  "permission": "read",
                  "recursive": false
                }
              ],
              "scope_deny": [
                {
                  "target": "/home/u/project/docs/secret",
                  "permission": "read",
                  "recursive": true
                }
              ],
              "delegated_from": "worker-000",
              "segment_id": null
            }
          ]
        }
        """;
}
