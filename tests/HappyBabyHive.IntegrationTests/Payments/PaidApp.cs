using System.Text;
using Azure.Storage.Queues;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.LocalRunner.Stripe;
using HappyBabyHive.Payments;
using HappyBabyHive.Payments.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.IntegrationTests.Payments;

/// <summary>
/// The app with card payments on against the fake Stripe, on a test's emulators and fake clock, and the steps the paid
/// flow tests share: book a held place, deliver a signed webhook through the real function, apply what it queued.
/// </summary>
internal sealed class PaidApp : IAsyncDisposable
{
    private PaidApp(FakeTimeProvider clock, FakeStripeApi stripe, AppServices app) => (Clock, Stripe, App) = (clock, stripe, app);

    public FakeTimeProvider Clock { get; }

    public FakeStripeApi Stripe { get; }

    public AppServices App { get; }

    public QueueClient EventQueue => App.Get<QueueServiceClient>().GetQueueClient(App.Storage.StripeEventQueue);

    /// <param name="services">Replacements a test makes beyond the clock (a wrapped port, a recording handler).</param>
    public static async Task<PaidApp> StartAsync(EmulatorFixture emulators, FakeTimeProvider clock, Action<IServiceCollection>? services = null)
    {
        var stripe = await FakeStripeApi.StartAsync(clock);
        var app = await AppServices.CreateAsync(
            emulators,
            collection =>
            {
                collection.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
                services?.Invoke(collection);
            },
            settings =>
            {
                settings["Payments:Enabled"] = "true";
                settings["Payments:SecretKey"] = FakeStripeApi.SecretKey;
                settings["Payments:WebhookSecret"] = FakeStripeApi.WebhookSecret;
                settings["Payments:ApiBase"] = stripe.BaseAddress.AbsoluteUri;
            });
        return new PaidApp(clock, stripe, app);
    }

    /// <summary>Books a place on a paid course: it must come back held, awaiting payment, with its Checkout Session.</summary>
    public async Task<(string Reference, CheckoutSession Session)> BookAsync(Course course, string email)
    {
        var outcome = await App.Get<IBookingService>().BookAsync(TestBookings.For(course, email), null, CancellationToken.None);
        var receipt = Assert.IsType<BookingOutcome.Created>(outcome).Receipt;
        Assert.Equal(BookingStatus.AwaitingPayment, receipt.Status);
        return (receipt.Reference, receipt.Checkout!);
    }

    public async Task DeliverAndApplyAsync(string payload)
    {
        Assert.Equal(200, await DeliverAsync(payload));
        await ApplyQueuedAsync();
    }

    /// <summary>Runs ApplyStripeEvent on every message the webhook queued, as the queue trigger would.</summary>
    public async Task ApplyQueuedAsync()
    {
        var function = new StripeEventQueue(App.Get<PaymentEventApplier>(), App.Get<PoisonWatch>());
        foreach (var message in (await EventQueue.ReceiveMessagesAsync(32)).Value)
        {
            await function.ApplyStripeEvent(message, CancellationToken.None);
            await EventQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }
    }

    /// <summary>Posts the payload to the webhook function, signed as Stripe signs it now; returns the status code.</summary>
    public async Task<int> DeliverAsync(string payload)
    {
        var context = new DefaultHttpContext { RequestServices = App.Provider };
        var bytes = Encoding.UTF8.GetBytes(payload);
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json; charset=utf-8";
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        context.Request.Headers[PublicStripeWebhookHttp.SignatureHeader] = StripeWebhookSender.SignatureHeader(payload, FakeStripeApi.WebhookSecret, Clock.GetUtcNow());
        var result = await new PublicStripeWebhookHttp(App.Get<StripeWebhookReceiver>()).ReceiveStripeWebhook(context.Request, CancellationToken.None);
        return ((ObjectResult)result).StatusCode ?? 200;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}
