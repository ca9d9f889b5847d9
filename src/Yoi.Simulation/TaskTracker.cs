namespace Yoi.Simulation;

/// <summary>
/// Every background task of a pod (accept loop, connections, runs, shutdown) goes through here so that
/// disposal can await them all: nothing is fire-and-forget.
/// </summary>
internal sealed class TaskTracker(Action<Exception> onFault)
{
    private readonly object _gate = new();
    private readonly HashSet<Task> _tasks = [];
    private bool _closed;

    /// <summary>Starts <paramref name="work"/> on the thread pool; false (not started) once the tracker is closed.</summary>
    public bool Run(Func<Task> work)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            var task = Task.Run(async () =>
            {
                try
                {
                    await work().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // Work handles its expected exceptions; anything here is a simulator bug made visible to tests.
                    onFault(e);
                }
            });
            _tasks.Add(task);
            _ = task.ContinueWith(Forget, TaskScheduler.Default);
            return true;
        }
    }

    /// <summary>Refuses new work and awaits everything started so far (including work started by work).</summary>
    public async Task CloseAndDrainAsync()
    {
        while (true)
        {
            Task[] pending;
            lock (_gate)
            {
                _tasks.RemoveWhere(t => t.IsCompleted);
                pending = [.. _tasks];
                if (pending.Length == 0)
                {
                    _closed = true;
                    return;
                }
            }

            await Task.WhenAll(pending).ConfigureAwait(false);
        }
    }

    private void Forget(Task task)
    {
        lock (_gate)
        {
            _tasks.Remove(task);
        }
    }
}
