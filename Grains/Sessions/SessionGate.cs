namespace Counseling.Grains.Sessions;

/// <summary>
/// One per silo: at most MAX_CONCURRENT_SESSIONS sessions run their stages at once; the rest wait,
/// higher priority first (5 is the most urgent, 1 the least), then in arrival order.
/// </summary>
public sealed class SessionGate(int capacity)
{
    public const int DefaultCapacity = 20;

    private readonly object _lock = new();
    private readonly PriorityQueue<TaskCompletionSource<IDisposable>, (int Priority, long Arrival)> _waiting = new();
    private int _running;
    private long _arrivals;

    public int Running { get { lock (_lock) return _running; } }

    public int Waiting { get { lock (_lock) return _waiting.Count; } }

    public Task<IDisposable> Enter(int priority)
    {
        lock (_lock)
        {
            if (_running < capacity)
            {
                _running++;
                return Task.FromResult<IDisposable>(new Pass(this));
            }
            var waiter = new TaskCompletionSource<IDisposable>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter, (-Math.Clamp(priority, 1, 5), _arrivals++));
            return waiter.Task;
        }
    }

    private void Leave()
    {
        TaskCompletionSource<IDisposable>? next = null;
        lock (_lock)
        {
            if (!_waiting.TryDequeue(out next, out _)) _running--;
        }
        next?.SetResult(new Pass(this));
    }

    private sealed class Pass(SessionGate gate) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) gate.Leave();
        }
    }
}
