using Counseling.Grains.Interfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Counseling.Grains.Sessions;

/// <summary>
/// One per silo: every so often it claims the sessions the <see cref="IResumeSchedule"/> says are due and nudges
/// each, which activates it on a live silo if its own died. A session that is running ignores the nudge; one that
/// stopped short (its silo gone, storage away, a stage the cluster could not serve) resumes from its last stage.
/// </summary>
public sealed class ResumeSweep(
    IResumeSchedule schedule,
    IGrainFactory grains,
    ISiloStatusOracle membership,
    IOptions<SessionResumeOptions> options,
    ILogger<ResumeSweep> logger) : BackgroundService
{
    // Claims per round trip; a sweep that fills it claims again at once.
    private const int MaxClaim = 500;
    private const int MaxNudgesAtOnce = 32;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.ResumePeriod;
        // A few sweeps a period, so a due session waits a fraction of a period more at most.
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Clamp(period.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromSeconds(15).Ticks)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // A silo stopping, or one the others declared dead while it still runs, would claim sessions it cannot serve.
            if (membership.CurrentStatus != SiloStatus.Active) continue;
            try
            {
                await SweepDue(period, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage away, most likely; the rows stay due and the next sweep claims them.
                logger.LogWarning("The resume sweep could not read the schedule: {Error}", e.GetType().Name);
            }
        }
    }

    /// <summary>Nudges every session due now.</summary>
    private async Task SweepDue(TimeSpan period, CancellationToken cancellation)
    {
        while (true)
        {
            var now = DateTimeOffset.UtcNow;
            var claims = await schedule.ClaimDue(now, now + period, MaxClaim);
            await Parallel.ForEachAsync(claims, new ParallelOptions { MaxDegreeOfParallelism = MaxNudgesAtOnce, CancellationToken = cancellation },
                async (sessionId, _) =>
                {
                    try
                    {
                        await grains.GetGrain<ISessionGrain>(sessionId).Resume();
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Claimed for a period; the next sweep after that tries again.
                        logger.LogWarning("Session {SessionId} could not be nudged to resume: {Error}", sessionId, e.GetType().Name);
                    }
                });
            if (claims.Count < MaxClaim) return;
        }
    }
}
