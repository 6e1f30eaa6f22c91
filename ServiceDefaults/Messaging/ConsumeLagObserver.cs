using MassTransit;

namespace FlexPlatform.ServiceDefaults.Messaging;

/// <summary>Records, per queue (one per consumer), how long after its publish each message was handled.</summary>
public sealed class ConsumeLagObserver(MessagingTelemetry telemetry, TimeProvider clock) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.SentTime is { } sent)
        {
            telemetry.RecordLag(clock.GetUtcNow().UtcDateTime - sent, context.ReceiveContext.InputAddress.AbsolutePath.Trim('/'));
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
