using System.Collections.Concurrent;

namespace HappyBabyHive.Bookings;

/// <summary>
/// One queue of waiting bookings per course, drained by at most one writer at a time in this instance. Whoever finds
/// the course's lane idle starts its drain; everyone else just waits for their answer. So concurrent bookings for a
/// popular course are combined into a few transactions instead of racing each other for the course row's ETag.
/// Other instances are still kept honest by that ETag: a round that loses the race is retried.
/// </summary>
internal sealed class CourseBookingLanes<TItem>(Func<string, IReadOnlyList<TItem>, Task<IReadOnlyList<TItem>>> runRound)
{
    private readonly ConcurrentDictionary<string, Lane> lanes = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="item"/> to its course's lane and starts a drain if none is running.</summary>
    public void Enqueue(string courseId, TItem item)
    {
        while (true)
        {
            var lane = lanes.GetOrAdd(courseId, _ => new Lane());
            bool start;
            lock (lane)
            {
                if (lane.Closed)
                {
                    // Its drain finished and removed it just now; a fresh lane takes over.
                    continue;
                }

                lane.Waiting.Add(item);
                start = !lane.Draining;
                lane.Draining = true;
            }

            if (start)
            {
                // Off the caller's stack: the caller only waits for its own answer, never for other people's rounds.
                _ = Task.Run(() => DrainAsync(courseId, lane));
            }

            return;
        }
    }

    private async Task DrainAsync(string courseId, Lane lane)
    {
        while (true)
        {
            List<TItem> batch;
            lock (lane)
            {
                if (lane.Waiting.Count == 0)
                {
                    lane.Draining = false;
                    lane.Closed = true;
                    lanes.TryRemove(KeyValuePair.Create(courseId, lane));
                    return;
                }

                batch = [.. lane.Waiting];
                lane.Waiting.Clear();
            }

            // The round answers what it can and hands back what must wait for the next round (did not fit in one
            // transaction, or lost an ETag race); those go back to the front, so arrival order is kept.
            var leftOver = await runRound(courseId, batch);
            if (leftOver.Count > 0)
            {
                lock (lane)
                {
                    lane.Waiting.InsertRange(0, leftOver);
                }
            }
        }
    }

    private sealed class Lane
    {
        public List<TItem> Waiting { get; } = [];

        public bool Draining { get; set; }

        public bool Closed { get; set; }
    }
}
