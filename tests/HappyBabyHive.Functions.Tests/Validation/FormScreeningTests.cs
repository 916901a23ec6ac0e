using FluentValidation;
using HappyBabyHive.Bookings;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Tests.Validation;

/// <summary>The honeypot-then-validator step that bookings and free-place requests share.</summary>
public sealed class FormScreeningTests
{
    private sealed record Form : IHoneypotForm
    {
        public string? ParentName { get; init; }
        public string? LeaveThisEmpty { get; init; }
    }

    private sealed class CountingValidator : AbstractValidator<Form>
    {
        public CountingValidator() => RuleFor(f => f.ParentName).NotEmpty().WithMessage("Please tell us your name.");

        public int Calls { get; private set; }

        public override Task<FluentValidation.Results.ValidationResult> ValidateAsync(ValidationContext<Form> context, CancellationToken cancellation = default)
        {
            Calls++;
            return base.ValidateAsync(context, cancellation);
        }
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception) + " " + string.Join(",", (state as IEnumerable<KeyValuePair<string, object?>> ?? []).Select(kv => $"{kv.Key}={kv.Value}")));
    }

    private readonly CountingValidator validator = new();
    private readonly RecordingLogger logger = new();

    [Fact]
    public async Task A_filled_honeypot_is_a_bot_before_any_validation_and_is_logged_without_what_was_typed()
    {
        var refusal = await FormScreening.ScreenAsync(new Form { ParentName = "Jo Secret", LeaveThisEmpty = "http://spam.example" }, validator, logger, CancellationToken.None);

        Assert.IsType<FormRefusal.Bot>(refusal);
        Assert.Equal(0, validator.Calls);
        var line = Assert.Single(logger.Lines);
        Assert.Contains("Ignored a Form whose honeypot field was filled in", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Jo Secret", line, StringComparison.Ordinal);
        Assert.DoesNotContain("spam.example", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_form_gives_its_field_errors_under_camelCase_names()
    {
        var refusal = await FormScreening.ScreenAsync(new Form(), validator, logger, CancellationToken.None);

        var invalid = Assert.IsType<FormRefusal.Invalid>(refusal);
        Assert.Equal(["Please tell us your name."], invalid.Errors["parentName"]);
        Assert.Empty(logger.Lines);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task A_valid_form_with_an_empty_honeypot_goes_on(string? honeypot)
    {
        Assert.Null(await FormScreening.ScreenAsync(new Form { ParentName = "Jo", LeaveThisEmpty = honeypot }, validator, logger, CancellationToken.None));
        Assert.Equal(1, validator.Calls);
    }

    [Fact]
    public void Both_public_request_types_carry_the_honeypot()
    {
        // The services screen these two with FormScreening; a form without the field would be unprotected.
        Assert.True(typeof(IHoneypotForm).IsAssignableFrom(typeof(BookingRequest)));
        Assert.True(typeof(IHoneypotForm).IsAssignableFrom(typeof(FreePlaceRequest)));
    }
}
