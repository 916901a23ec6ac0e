using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Refunds;
using HappyBabyHive.Settings;

namespace HappyBabyHive.Tests.Support;

/// <summary>The money ports for services under test that don't exercise payments: default settings, no Stripe, refunds ignored.</summary>
internal static class NoMoney
{
    public static IBusinessSettingsStore Settings { get; } = new DefaultSettings();

    public static ICheckoutExpiry Checkout { get; } = new AlwaysExpired();

    public static IRefundRequests Refunds { get; } = new Ignored();

    private sealed class DefaultSettings : IBusinessSettingsStore
    {
        public Task<BusinessSettings> GetAsync(CancellationToken cancellationToken) => Task.FromResult(new BusinessSettings("Ask your health visitor.", 10m, null));

        public Task<SettingsSaveOutcome> SaveAsync(BusinessSettingsInput input, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class AlwaysExpired : ICheckoutExpiry
    {
        public Task<CheckoutExpiry> ExpireAsync(string checkoutSessionId, CancellationToken cancellationToken) => Task.FromResult(CheckoutExpiry.Expired);
    }

    private sealed class Ignored : IRefundRequests
    {
        public Task RequestAsync(BookingKey booking, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
