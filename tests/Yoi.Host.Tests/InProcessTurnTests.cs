using Yoi.Host.Hosting;
using Yoi.Testing;

namespace Yoi.Host.Tests;

/// <summary>Issue 10 (a crowd of in-process <c>status</c>): in-process supervisors of one runtime dir take turns, real
/// locks on a real file.</summary>
public sealed class InProcessTurnTests : IDisposable
{
    private readonly TempRuntimeDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_second_waits_while_every_turn_is_held_and_goes_on_without_one_past_its_bound()
    {
        using var first = await InProcessTurn.TakeAsync(_dir.Path, 1, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(0, first.Slot);
        var started = DateTime.UtcNow;
        using var second = await InProcessTurn.TakeAsync(_dir.Path, 1, TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.Null(second.Slot);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(300), "gave up before its bound");
        Assert.True(File.Exists(Path.Combine(_dir.Path, InProcessTurn.FileName)));
    }

    [Fact]
    public async Task A_waiting_one_gets_the_turn_when_its_holder_lets_go()
    {
        var first = await InProcessTurn.TakeAsync(_dir.Path, 1, TimeSpan.FromSeconds(5), CancellationToken.None);
        var waiting = InProcessTurn.TakeAsync(_dir.Path, 1, TimeSpan.FromSeconds(60), CancellationToken.None);
        await Task.Delay(100); // let it try and find the turn taken (what it then does is asserted below)
        Assert.False(waiting.IsCompleted);
        first.Dispose();
        using var second = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, second.Slot);
    }

    [Fact]
    public async Task As_many_hold_a_turn_at_once_as_there_are_turns()
    {
        using var a = await InProcessTurn.TakeAsync(_dir.Path, 2, TimeSpan.FromSeconds(5), CancellationToken.None);
        using var b = await InProcessTurn.TakeAsync(_dir.Path, 2, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal([0, 1], new[] { a.Slot!.Value, b.Slot!.Value }.Order());
        using var c = await InProcessTurn.TakeAsync(_dir.Path, 2, TimeSpan.FromMilliseconds(100), CancellationToken.None);
        Assert.Null(c.Slot);
    }

    [Fact]
    public async Task Without_a_runtime_dir_there_is_no_queue_and_nothing_is_created()
    {
        var missing = _dir.File("absent");
        using var turn = await InProcessTurn.TakeAsync(missing, 1, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Null(turn.Slot);
        Assert.False(Directory.Exists(missing));
    }
}
