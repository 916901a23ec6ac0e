using FluentValidation;
using HappyBabyHive.Abuse;
using HappyBabyHive.Backups;
using HappyBabyHive.Bookings;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Bookings.Manage;
using HappyBabyHive.Concurrency;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses.Emails;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.Courses.Seeding;
using HappyBabyHive.Email;
using HappyBabyHive.Email.Acs;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Http;
using HappyBabyHive.Links;
using HappyBabyHive.Outbox;
using HappyBabyHive.Registers;
using HappyBabyHive.Reminders;
using HappyBabyHive.OwnerConsole;
using HappyBabyHive.Payments;
using HappyBabyHive.Payments.Webhooks;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Backups;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Storage.Outbox;
using HappyBabyHive.Storage.Payments;
using HappyBabyHive.Storage.Tips;
using HappyBabyHive.Telemetry;
using HappyBabyHive.Web;
using HappyBabyHive.Web.Forms;
using HappyBabyHive.Web.Pages;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HappyBabyHive;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Every registration the app needs. Program.cs, the local runner and the tests all call this one method, so
    /// what is tested is what runs.
    /// </summary>
    public static IServiceCollection AddHappyBabyHive(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddValidatedOptions<BusinessOptions>(configuration, BusinessOptions.SectionName);
        services.AddValidatedOptions<WebsiteOptions>(configuration, WebsiteOptions.SectionName);
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.SectionName);
        services.AddValidatedOptions<OutboxOptions>(configuration, OutboxOptions.SectionName);
        services.AddValidatedOptions<EmailOptions>(configuration, EmailOptions.SectionName);
        services.AddValidatedOptions<LinkOptions>(configuration, LinkOptions.SectionName);
        services.AddValidatedOptions<BrandingOptions>(configuration, BrandingOptions.SectionName);
        services.AddValidatedOptions<BackupOptions>(configuration, BackupOptions.SectionName);

        services.AddConcurrencyRetry();
        services.TryAddSingleton(_ => StorageClients.CreateTableServiceClient(configuration));
        services.TryAddSingleton(_ => StorageClients.CreateQueueServiceClient(configuration));
        services.TryAddSingleton(_ => StorageClients.CreateBlobServiceClient(configuration));
        services.AddSingleton<ITableBackups, BlobTableBackups>();

        services.AddSingleton<LinkSigner>();
        services.AddSingleton<PersonalDataHasher>();
        services.AddPageRendering();
        services.AddSingleton<Cors>();
        services.AddSingleton<StorageOutage>();
        services.AddAbuseResistance(configuration);
        services.AddSingleton<ILimitStore, HappyBabyHive.Storage.Limits.TableLimitStore>();
        services.AddSingleton<PublicPostGuard>();
        services.AddSingleton<FormPages>();
        services.AddSingleton<BookingFormPage>();
        services.AddSingleton<FreePlaceFormPage>();
        services.AddSingleton<FreePlaceReviewPage>();
        services.AddSingleton<FreePlaceReviewQuery>();
        services.AddSingleton<SubscriptionPages>();
        services.AddSingleton<CheckoutReturnPages>();
        services.AddSingleton<ManageBookingPages>();
        // Payments arrive with issue 16; the notice names Stripe only when that setting is really on.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<HappyBabyHive.Web.Pages.PrivacyNoticePage>(sp, HappyBabyHive.Web.Pages.PrivacyNoticePage.PaymentsEnabled(configuration)));
        services.AddSingleton<HappyBabyHive.Functions.PoisonWatch>();

        services.AddSingleton<ICourseStore, TableCourseStore>();
        services.AddSingleton<HappyBabyHive.Courses.Partition.ICoursePartitionStore, TableCoursePartitionStore>();
        services.AddSingleton<SampleCourseSeeder>();
        services.AddSingleton<IValidator<BookingRequest>, BookingRequestValidator>();
        services.AddSingleton<IBookingService, BookingService>();

        services.AddSingleton<IEmailEnqueuer, QueueEmailEnqueuer>();
        services.AddSingleton<OutboxTables>();
        services.AddSingleton<IOutboxStore, TableOutboxStore>();
        services.AddSingleton<IOutboxSweepStore, TableOutboxSweepStore>();
        services.AddSingleton<IEmailPoisonQueues, QueueEmailPoisonQueues>();
        services.AddSingleton<ClaimedSender>();
        services.AddSingleton<IBookingEmailSubjects, TableBookingEmailSubjects>();
        services.AddSingleton<HappyBabyHive.Settings.ISettingsRow, HappyBabyHive.Storage.Settings.TableSettingsRow>();
        services.AddSingleton<HappyBabyHive.OwnerConsole.SignIn.IOwnerSignInStore, HappyBabyHive.Storage.SignIn.TableOwnerSignInStore>();
        services.AddSingleton<HappyBabyHive.Storage.OwnerSessions.TableOwnerSessionStore>();
        services.AddSingleton<HappyBabyHive.OwnerConsole.SignIn.IOwnerSessionStore>(sp => sp.GetRequiredService<HappyBabyHive.Storage.OwnerSessions.TableOwnerSessionStore>());
        services.AddSingleton<IReviewLinkUses>(sp => sp.GetRequiredService<HappyBabyHive.Storage.OwnerSessions.TableOwnerSessionStore>());
        services.AddSingleton<IFreePlaceRequestStore, HappyBabyHive.Storage.FreePlaces.TableFreePlaceRequestStore>();
        services.AddSingleton<IOutboxProcessor, OutboxProcessor>();
        services.AddSingleton<IOutboxSweeper, OutboxSweeper>();
        services.AddSingleton<IOutboxEmailComposer, BookingEmailComposer>();
        services.AddSingleton<IOutboxEmailComposer, DuplicateBookingEmailComposer>();

        services.AddSingleton<ISubscriberStore, TableSubscriberStore>();
        services.AddSingleton<IBookingTipsOptIns, TableBookingTipsOptIns>();
        services.AddSingleton<ITipPublications, TableTipPublications>();
        services.AddSingleton<ITipSendMarkers, TableTipSendMarkers>();
        services.AddSingleton<ITipQueues, StorageTipQueues>();
        services.AddWellbeingTips(configuration);

        services.AddEmailSender(configuration);
        services.AddFreePlaces(configuration);
        services.AddCourseManagement();
        services.AddBookingChanges(configuration);
        services.AddManageBooking();
        services.AddRegisters();
        services.AddReminders(configuration);
        services.AddSingleton<HappyBabyHive.Storage.Privacy.TablePersonalDataStore>();
        services.AddSingleton<HappyBabyHive.Privacy.IPersonalDataStore>(sp => sp.GetRequiredService<HappyBabyHive.Storage.Privacy.TablePersonalDataStore>());
        services.AddSingleton<HappyBabyHive.Privacy.IRetentionStore>(sp => sp.GetRequiredService<HappyBabyHive.Storage.Privacy.TablePersonalDataStore>());
        services.AddSingleton<HappyBabyHive.Privacy.PersonalDataService>();
        services.AddSingleton<HappyBabyHive.Privacy.ILegacyKeyMigration, HappyBabyHive.Storage.Privacy.TableLegacyKeyMigration>();
        services.AddSingleton<HappyBabyHive.Privacy.RetentionService>();
        services.AddValidatedOptions<HappyBabyHive.Configuration.RetentionOptions>(configuration, HappyBabyHive.Configuration.RetentionOptions.SectionName);

        // The console's dashboard asks for a count of reminders due; the Reminders feature answers (OwnerConsole owns the port).
        services.AddSingleton<HappyBabyHive.OwnerConsole.Pages.IRemindersDue, RemindersDue>();
        services.AddOwnerConsole(configuration);
        services.AddSingleton<IPaymentEventStore, TablePaymentEventStore>();
        services.AddSingleton<IPaymentEventEnqueuer, QueuePaymentEventEnqueuer>();
        services.AddSingleton<HappyBabyHive.Payments.Donations.IPaidBookings, TablePaidBookings>();
        services.AddSingleton<HappyBabyHive.Bookings.Checkout.IPaymentIntentBookings, TablePaymentIntentBookings>();
        services.AddSingleton<HappyBabyHive.Courses.Refunds.IRefundRequests, QueueRefundRequests>();
        services.AddPayments(configuration);
        services.AddBookingCheckout();
        services.AddHappyBabyHiveTelemetry(configuration);
        return services;
    }

    private static void AddEmailSender(this IServiceCollection services, IConfiguration configuration)
    {
        // Every composer renders its email's HTML and text parts from one model, with the app's one component renderer.
        services.AddSingleton(sp => new HappyBabyHive.Pages.Emails.EmailRenderer(
            sp.GetRequiredService<HappyBabyHive.Pages.Rendering.ComponentHtml>(),
            HappyBabyHive.Web.Pages.PrivacyNoticeLink.For(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<BusinessOptions>>().Value)));
        var provider = configuration.GetSection(EmailOptions.SectionName).GetValue(nameof(EmailOptions.Provider), EmailProvider.Smtp);
        switch (provider)
        {
            case EmailProvider.Smtp:
                services.AddValidatedOptions<SmtpOptions>(configuration, SmtpOptions.SectionName);
                services.TryAddSingleton<IEmailSender, SmtpEmailSender>();
                break;
            case EmailProvider.Acs:
                services.AddAcsEmail(configuration);
                break;
            default:
                throw new InvalidOperationException($"Email:Provider '{provider}' is not known. Use 'Smtp' or 'Acs'.");
        }
    }

    private static void AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
    {
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }

    /// <summary>Adapts the reminders service to the dashboard's port, so neither feature depends on the other.</summary>
    private sealed class RemindersDue(HappyBabyHive.Reminders.IReminderService reminders) : HappyBabyHive.OwnerConsole.Pages.IRemindersDue
    {
        public Task<int> CountDueAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken) =>
            reminders.CountDueAsync(fromUtc, toUtc, cancellationToken);
    }
}
