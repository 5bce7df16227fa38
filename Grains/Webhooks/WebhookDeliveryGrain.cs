using Counseling.Grains.Interfaces;
using Counseling.Grains.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Counseling.Grains.Webhooks;

/// <summary>
/// Delivers one session version's result. The pending delivery is persisted before anything is sent; a grain
/// timer brings the attempts due within seconds, and a reminder, which outlives the activation and the silo,
/// wakes the grain on a live silo to carry on if this one dies. Reentrant so the results endpoint can read the
/// state while an attempt waits on the receiver.
/// </summary>
[Reentrant]
public sealed class WebhookDeliveryGrain(
    [PersistentState("webhook", StorageNames.Sessions)] IPersistentState<WebhookDeliveryState> state,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryGrain> logger) : Grain, IWebhookDeliveryGrain, IRemindable
{
    private const string RetryReminder = "webhook-retry";
    private IGrainTimer? _timer;
    private Task? _sending;
    private bool _reminded;

    private WebhookOptions Options => options.Value;

    public async Task<WebhookDeliveryView> Enqueue(WebhookDeliveryRequest request)
    {
        // The session may hand over its result again after a crash before its own final write; that is the same run.
        // A session deleted and submitted again restarts at version 1 with a new creation time: that is a new run.
        if (!state.State.Exists || state.State.SessionCreatedAt != request.Session.CreatedAt)
        {
            var now = time.GetUtcNow();
            state.State = new WebhookDeliveryState
            {
                Exists = true,
                TargetUrl = request.TargetUrl,
                Body = WebhookPayload.Build(request.Session),
                IdempotencyKey = WebhookPayload.IdempotencyKey(request.Session),
                Status = WebhookDeliveryStatus.Pending,
                EnqueuedAt = now,
                NextAttemptAt = now,
                SessionCreatedAt = request.Session.CreatedAt,
            };
            await state.WriteStateAsync();
        }
        if (state.State.Status != WebhookDeliveryStatus.Pending) return state.State.View();

        // A repeated hand-over is the session retrying after this call failed, often at the reminder (its owner on a
        // dead silo) after the write took: the timer starts first so this activation delivers either way, and the
        // reminder is asked for again until it is had, since a failure here makes the session hand over again.
        if (_timer is null) ScheduleNext();
        if (!_reminded)
        {
            await this.RegisterOrUpdateReminder(RetryReminder, Options.ReminderPeriod, Options.ReminderPeriod);
            _reminded = true;
        }
        return state.State.View();
    }

    public Task<WebhookDeliveryView?> GetView() => Task.FromResult(state.State.Exists ? state.State.View() : null);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Woken by the reminder on another silo, or by a query: pick up where the last activation left off.
        if (state.State is { Exists: true, Status: WebhookDeliveryStatus.Pending }) ScheduleNext();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State is not { Exists: true, Status: WebhookDeliveryStatus.Pending }) return Unregister();
        ScheduleNext();
        return Task.CompletedTask;
    }

    private void ScheduleNext()
    {
        var due = (state.State.NextAttemptAt ?? time.GetUtcNow()) - time.GetUtcNow();
        Schedule(due < TimeSpan.Zero ? TimeSpan.Zero : due);
    }

    private void Schedule(TimeSpan due)
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(_ => Attempt(), new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private Task Attempt()
    {
        // One attempt at a time: a reminder tick can land while a timer's attempt still waits on the receiver.
        if (_sending is { IsCompleted: false } || state.State is not { Exists: true, Status: WebhookDeliveryStatus.Pending }) return Task.CompletedTask;
        return _sending = Send();
    }

    private async Task Send()
    {
        var s = state.State;
        s.Attempts++;
        var result = await sender.Send(s.TargetUrl, s.Body, s.IdempotencyKey, s.Attempts, CancellationToken.None);
        var now = time.GetUtcNow();
        s.LastStatusCode = result.StatusCode;
        s.LastError = result.Error;
        if (result.Delivered)
        {
            s.Status = WebhookDeliveryStatus.Delivered;
            s.DeliveredAt = now;
            s.NextAttemptAt = null;
        }
        else
        {
            var next = now + Options.RetryDelay(s.Attempts);
            if (!result.Retryable || next > s.EnqueuedAt + Options.GiveUpAfter)
            {
                s.Status = WebhookDeliveryStatus.Failed;
                s.NextAttemptAt = null;
                logger.LogWarning("Webhook {Delivery} gave up after {Attempts} attempts: {Error}", this.GetPrimaryKeyString(), s.Attempts, result.Error);
            }
            else
            {
                s.NextAttemptAt = next;
                logger.LogInformation("Webhook {Delivery} attempt {Attempt} failed ({Error}); next at {Next:O}", this.GetPrimaryKeyString(), s.Attempts, result.Error, next);
            }
        }
        await state.WriteStateAsync();
        if (s.Status == WebhookDeliveryStatus.Pending)
        {
            // Far-off attempts are the reminder's; the timer covers only what is due before its next tick.
            if (s.NextAttemptAt - now < Options.ReminderPeriod) ScheduleNext();
        }
        else
        {
            await Unregister();
        }
    }

    public async Task Delete()
    {
        _timer?.Dispose();
        _timer = null;
        await Unregister();
        // Most sessions never had a callback; clearing a row that was never written would be refused as a race.
        if (state.RecordExists) await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    private async Task Unregister()
    {
        var reminder = await this.GetReminder(RetryReminder);
        if (reminder is not null) await this.UnregisterReminder(reminder);
        _reminded = false;
    }
}
