using System.Globalization;
using System.Text;
using System.Text.Json;
using HappyBabyHive.LocalRunner.Metadata;

namespace HappyBabyHive.IntegrationTests.Hostile;

public enum BodyKind
{
    /// <summary>GET pages, the API's reads and the script: hostile ids in the route and the query.</summary>
    None,

    /// <summary>A JSON body (the API, the admin API).</summary>
    Json,

    /// <summary>An HTML form post (application/x-www-form-urlencoded).</summary>
    Form,
}

/// <summary>One request of the corpus, described so a failure names it.</summary>
public sealed record HostileRequest(string Function, string Label, HttpMethod Method, string Path, string? ContentType = null, byte[]? Body = null)
{
    public bool Chunked { get; init; }

    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            message.Content = Chunked ? new StreamContent(new NonSeekableStream(Body)) : new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        if (Chunked)
        {
            message.Headers.TransferEncodingChunked = true;
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    public override string ToString() => $"{Function} {Method} {(Path.Length > 120 ? Path[..120] + "..." : Path)} [{Label}]";

    // StreamContent over a non-seekable stream has no length, so HttpClient sends it chunked with no Content-Length.
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

/// <summary>
/// What each HTTP function takes, by its name in functions.metadata. A function missing from here has no
/// hostile-input coverage, and <see cref="HostileInputTests.Every_http_function_has_hostile_input_coverage"/> fails.
/// </summary>
public static class EndpointCatalog
{
    private static readonly string[] BookingFormFields = ["courseId", "parentName", "email", "phone", "babyFirstName", "babyDateOfBirth", "acceptTerms", "wellbeingTipsOptIn", "idempotencyKey", "leaveThisEmpty", "formToken"];
    private static readonly string[] FreePlaceFormFields = ["courseId", "parentName", "email", "phone", "babyFirstName", "babyDateOfBirth", "referralSource", "note", "consentToStore", "idempotencyKey", "formToken"];
    private static readonly string[] TipsFormFields = ["email", "firstName", "consent", "formToken"];
    private static readonly string[] TokenFormFields = ["token", "decision", "courseId", "useGeneralPlace", "message", "List-Unsubscribe"];
    private static readonly string[] ManageFormFields = ["token", "action", "confirm", "courseId", "phone", "email"];
    private static readonly string[] ConsoleFormFields = ["csrf", "email", "token", "message", "formKey", "title", "description", "venue", "venueAddress", "firstSessionDate", "startTime", "endTime", "weeks", "capacity", "freePlaces", "price", "declineSignposting", "donationPercent"];

    private static readonly string[] ConsoleReviewFormFields = ["csrf", "decision", "courseId", "useGeneralPlace", "message"];
    private static readonly string[] ConsoleDeviceFormFields = ["csrf", "device"];
    private static readonly string[] ConsolePersonalDataFormFields = ["csrf", "email"];
    private static readonly string[] ConsoleBookingFormFields = ["csrf", "emailFamily", "reference", "attended", "toCourseId", "action", "refund"];

    /// <summary>Function name → what its body is, and for a body, the fields (form) or a valid object (JSON).</summary>
    public static readonly IReadOnlyDictionary<string, (BodyKind Kind, Func<Seed, string>? Valid, string[]? Fields)> Functions =
        new Dictionary<string, (BodyKind, Func<Seed, string>?, string[]?)>(StringComparer.Ordinal)
        {
            ["BookingForm"] = (BodyKind.None, null, null),
            ["BookingFormPost"] = (BodyKind.Form, null, BookingFormFields),
            ["CreateBooking"] = (BodyKind.Json, s => Json(new { courseId = s.CourseId, parentName = "Sam Smith", email = s.Email, phone = "07700 900123", babyFirstName = "Ada", babyDateOfBirth = s.BabyDateOfBirth, acceptTerms = true, wellbeingTipsOptIn = false }), null),
            ["ListManagedCourses"] = (BodyKind.None, null, null),
            ["CreateCourse"] = (BodyKind.Json, s => s.CourseDetails, null),
            ["GetManagedCourse"] = (BodyKind.None, null, null),
            ["UpdateCourse"] = (BodyKind.Json, s => s.CourseDetails, null),
            ["DuplicateCourse"] = (BodyKind.Json, _ => "{}", null),
            ["CancelCourse"] = (BodyKind.Json, _ => Json(new { message = "The hall has flooded." }), null),
            ["ListCourses"] = (BodyKind.None, null, null),
            ["GetCourse"] = (BodyKind.None, null, null),
            ["FormsScript"] = (BodyKind.None, null, null),
            ["FormToken"] = (BodyKind.None, null, null),
            ["FreePlaceForm"] = (BodyKind.None, null, null),
            ["FreePlaceFormPost"] = (BodyKind.Form, null, FreePlaceFormFields),
            ["ShowFreePlaceReview"] = (BodyKind.None, null, null),
            ["OpenFreePlaceReview"] = (BodyKind.Form, null, TokenFormFields),
            ["ConsoleFreePlaceRequest"] = (BodyKind.None, null, null),
            ["ConsoleDecideFreePlace"] = (BodyKind.Form, null, ConsoleReviewFormFields),
            ["ListFreePlaceRequests"] = (BodyKind.None, null, null),
            ["ShowManageBooking"] = (BodyKind.None, null, null),
            ["ChangeManageBooking"] = (BodyKind.Form, null, ManageFormFields),
            ["ShowConfirmBookingEmail"] = (BodyKind.None, null, null),
            ["ConfirmBookingEmail"] = (BodyKind.Form, null, ManageFormFields),
            ["ShowClaimOffer"] = (BodyKind.None, null, null),
            ["AnswerClaimOffer"] = (BodyKind.Form, null, ManageFormFields),
            ["GetFreePlaceRequest"] = (BodyKind.None, null, null),
            ["ApproveFreePlaceRequest"] = (BodyKind.Json, s => Json(new { courseId = s.CourseId, useGeneralPlace = false }), null),
            ["DeclineFreePlaceRequest"] = (BodyKind.Json, _ => Json(new { message = "Not this time." }), null),
            ["CreateFreePlaceRequest"] = (BodyKind.Json, s => Json(new { courseId = s.CourseId, parentName = "Jo Bloggs", email = s.Email, phone = "07700 900456", babyFirstName = "Bea", babyDateOfBirth = s.BabyDateOfBirth, referralSource = "Self", note = "A hard few months.", consentToStore = true }), null),
            ["ConsoleCourses"] = (BodyKind.None, null, null),
            ["ConsoleNewCourse"] = (BodyKind.None, null, null),
            ["ConsoleCreateCourse"] = (BodyKind.Form, null, ConsoleFormFields),
            ["ConsoleCourse"] = (BodyKind.None, null, null),
            ["ConsoleEditCourse"] = (BodyKind.None, null, null),
            ["ConsoleUpdateCourse"] = (BodyKind.Form, null, ConsoleFormFields),
            ["ConsoleDuplicateCourse"] = (BodyKind.Form, null, ConsoleFormFields),
            ["ConsoleConfirmCancelCourse"] = (BodyKind.None, null, null),
            ["ConsoleCancelCourse"] = (BodyKind.Form, null, ConsoleFormFields),
            ["ConsoleDashboard"] = (BodyKind.None, null, null),
            ["ConsoleRegister"] = (BodyKind.None, null, null),
            ["ConsoleRegisterCsv"] = (BodyKind.None, null, null),
            ["ConsolePaymentsCsv"] = (BodyKind.None, null, null),
            ["ConsoleDonationReport"] = (BodyKind.None, null, null),
            ["ConsoleDonationReportCsv"] = (BodyKind.None, null, null),
            ["ConsoleSettings"] = (BodyKind.None, null, null),
            ["ConsoleSaveSettings"] = (BodyKind.Form, null, ConsoleFormFields),
            ["ConsolePersonalData"] = (BodyKind.None, null, null),
            ["ConsoleExportPersonalData"] = (BodyKind.Form, null, ConsolePersonalDataFormFields),
            ["ConsoleReviewErasure"] = (BodyKind.Form, null, ConsolePersonalDataFormFields),
            ["ConsoleErasePersonalData"] = (BodyKind.Form, null, ConsolePersonalDataFormFields),
            ["ListBackups"] = (BodyKind.None, null, null),
            ["RestoreBackup"] = (BodyKind.Json, _ => "{}", null),
            ["ExportPersonalData"] = (BodyKind.Json, s => Json(new { email = s.Email }), null),
            ["ErasePersonalData"] = (BodyKind.Json, s => Json(new { email = s.Email }), null),
            ["ListErasures"] = (BodyKind.None, null, null),
            ["RekeyLegacyRows"] = (BodyKind.Json, _ => "{}", null),
            ["PrivacyNotice"] = (BodyKind.None, null, null),
            ["ConsoleSignIn"] = (BodyKind.None, null, null),
            ["ConsoleRequestSignInLink"] = (BodyKind.Form, null, ConsoleFormFields),
            ["ConsoleSignInLink"] = (BodyKind.None, null, null),
            ["ConsoleUseSignInLink"] = (BodyKind.Form, null, ConsoleFormFields),
            ["ConsoleSignOut"] = (BodyKind.Form, null, ConsoleFormFields),
            ["ConsoleSignOutEverywhere"] = (BodyKind.Form, null, ConsoleFormFields),
            ["ConsoleConfirmSignIn"] = (BodyKind.Form, null, ConsoleFormFields),
            ["ConsoleDevices"] = (BodyKind.None, null, null),
            ["ConsoleSignOutDevice"] = (BodyKind.Form, null, ConsoleDeviceFormFields),
            ["GetCourseRegister"] = (BodyKind.None, null, null),
            ["GetCoursePayments"] = (BodyKind.None, null, null),
            ["GetDonationReport"] = (BodyKind.None, null, null),
            ["ListRecentBookings"] = (BodyKind.None, null, null),
            ["GetSettings"] = (BodyKind.None, null, null),
            ["UpdateSettings"] = (BodyKind.Json, _ => Json(new { declineSignposting = "Talk to your health visitor.", donationPercent = "15" }), null),
            ["CreateSubscription"] = (BodyKind.Json, s => Json(new { email = s.Email, firstName = "Kim", consent = true }), null),
            ["ConfirmSubscription"] = (BodyKind.Form, null, TokenFormFields),
            ["Unsubscribe"] = (BodyKind.Form, null, TokenFormFields),
            ["TipsForm"] = (BodyKind.None, null, null),
            ["TipsFormPost"] = (BodyKind.Form, null, TipsFormFields),
            ["GetCurrentTip"] = (BodyKind.None, null, null),
            ["ListTips"] = (BodyKind.None, null, null),
            // Stripe's webhook: without a valid Stripe-Signature every body is refused (or, payments off, 404) and nothing stored.
            ["ReceiveStripeWebhook"] = (BodyKind.Json, _ => "{}", null),
            ["CheckoutSucceeded"] = (BodyKind.None, null, null),
            ["CheckoutCancelled"] = (BodyKind.None, null, null),
            ["GetCourseWaitlist"] = (BodyKind.None, null, null),
            ["CancelBooking"] = (BodyKind.Json, _ => Json(new { emailFamily = false }), null),
            ["MarkAttendance"] = (BodyKind.Json, _ => Json(new { attended = true }), null),
            ["MarkBookingPaid"] = (BodyKind.None, null, null),
            ["UndoBookingPaid"] = (BodyKind.None, null, null),
            ["MarkBookingRefunded"] = (BodyKind.None, null, null),
            ["ListMoveChoices"] = (BodyKind.None, null, null),
            ["MoveBooking"] = (BodyKind.Json, s => Json(new { toCourseId = s.CourseId }), null),
            ["GetNextTip"] = (BodyKind.None, null, null),
            ["PublishTipNow"] = (BodyKind.Json, _ => "{}", null),
            ["ConsoleConfirmCancelBooking"] = (BodyKind.None, null, null),
            ["ConsoleCancelBooking"] = (BodyKind.Form, null, ConsoleBookingFormFields),
            ["ConsoleAttendance"] = (BodyKind.None, null, null),
            ["ConsoleMarkAttendance"] = (BodyKind.Form, null, ConsoleBookingFormFields),
            ["ConsoleBookingPayment"] = (BodyKind.None, null, null),
            ["ConsoleRecordBookingPayment"] = (BodyKind.Form, null, ConsoleBookingFormFields),
            ["ConsoleChooseMove"] = (BodyKind.None, null, null),
            ["ConsoleMoveBooking"] = (BodyKind.Form, null, ConsoleBookingFormFields),
            ["ConsoleTips"] = (BodyKind.None, null, null),
            ["ConsolePreviewTip"] = (BodyKind.None, null, null),
            ["ConsolePublishTip"] = (BodyKind.Form, null, ConsoleBookingFormFields),
        };

    private static readonly string[] QueryNames = ["token", "days", "format", "status", "course", "courseId", "signed-out", "id", "week", "code"];

    /// <summary>Every hostile request for one function: hostile ids and queries for every method, hostile bodies for posts.</summary>
    public static IEnumerable<HostileRequest> RequestsFor(FunctionMetadata function, Seed seed)
    {
        var trigger = function.Trigger!;
        var (kind, valid, fields) = Functions[function.Name];
        var route = trigger.Route ?? function.Name;
        var methods = (trigger.Methods ?? ["get", "post"]).Select(m => new HttpMethod(m.ToUpperInvariant())).ToList();
        var seededPath = Fill(route, seed.IdFor);

        foreach (var method in methods)
        {
            var withBody = method != HttpMethod.Get && method != HttpMethod.Options;
            var (validType, validBody) = kind switch
            {
                BodyKind.Json when valid is not null => ("application/json", Encoding.UTF8.GetBytes(valid(seed))),
                BodyKind.Form => ("application/x-www-form-urlencoded", Array.Empty<byte>()),
                _ => ((string?)null, (byte[]?)null),
            };

            // Hostile ids in the route (a valid body, so the id is what is tested) and hostile query values.
            foreach (var id in HostileCorpus.Ids)
            {
                if (route.Contains('{', StringComparison.Ordinal))
                {
                    yield return new HostileRequest(function.Name, "route id " + id, method, Fill(route, _ => id), withBody ? validType : null, withBody ? validBody : null);
                }

                var query = string.Join("&", QueryNames.Select(q => $"{q}={id}"));
                yield return new HostileRequest(function.Name, "query " + id, method, seededPath + "?" + query, withBody ? validType : null, withBody ? validBody : null);
            }

            if (method == HttpMethod.Options)
            {
                yield return new HostileRequest(function.Name, "preflight from a hostile origin", method, seededPath)
                {
                    Headers = [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "x-evil, content-type")],
                };
            }

            if (!withBody)
            {
                continue;
            }

            foreach (var (label, body, contentType) in Bodies(kind, valid?.Invoke(seed), fields))
            {
                yield return new HostileRequest(function.Name, label, method, seededPath, contentType, Encoding.UTF8.GetBytes(body));
            }

            // Shapes that only a hand-made client sends: no Content-Length (chunked), the wrong media type, multipart without a boundary.
            var big = kind == BodyKind.Json ? "{\"x\":\"" + new string('x', 1024 * 1024) + "\"}" : "note=" + new string('x', 1024 * 1024);
            yield return new HostileRequest(function.Name, "chunked huge body", method, seededPath, validType ?? "application/json", Encoding.UTF8.GetBytes(big)) { Chunked = true };
            yield return new HostileRequest(function.Name, "chunked thousands of fields", method, seededPath, "application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(string.Join("&", Enumerable.Range(0, 3000).Select(i => $"f{i}=v")))) { Chunked = true };
            yield return new HostileRequest(function.Name, "multipart without a boundary", method, seededPath, "multipart/form-data", Encoding.UTF8.GetBytes("token=x"));
            yield return new HostileRequest(function.Name, "multipart with a broken body", method, seededPath, "multipart/form-data; boundary=XYZ", Encoding.UTF8.GetBytes("--XYZ\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nabc"));
            yield return new HostileRequest(function.Name, "wrong media type", method, seededPath, "text/plain; charset=utf-7", Encoding.UTF8.GetBytes("+ADw-script+AD4-"));
            yield return new HostileRequest(function.Name, "unparseable media type", method, seededPath, ";;;/", Encoding.UTF8.GetBytes("{}"));
            yield return new HostileRequest(function.Name, "oversized Idempotency-Key", method, seededPath, validType, validBody)
            {
                Headers = [("Idempotency-Key", new string('k', 16 * 1024))],
            };
            yield return new HostileRequest(function.Name, "odd Idempotency-Key", method, seededPath, validType, validBody)
            {
                Headers = [("Idempotency-Key", "' or 1=1 -- /../|%E9 \"quoted\" ;,=\t")],
            };
            yield return new HostileRequest(function.Name, "oversized headers", method, seededPath, validType, validBody)
            {
                Headers = Enumerable.Range(0, 8).Select(i => ($"X-Big-{i}", new string('h', 8 * 1024))).ToList(),
            };
            yield return new HostileRequest(function.Name, "forged forwarding headers", method, seededPath, validType, validBody)
            {
                Headers = [("X-Forwarded-For", "1.2.3.4, <script>, ::ffff:not-an-ip:99999"), ("X-Forwarded-Host", "evil.example"), ("Origin", "null"), ("Sec-Fetch-Site", "same-origin")],
            };
        }
    }

    private static IEnumerable<(string Label, string Body, string ContentType)> Bodies(BodyKind kind, string? valid, string[]? fields)
    {
        if (kind == BodyKind.Json && valid is not null)
        {
            foreach (var (name, body) in HostileCorpus.BrokenJson(valid))
            {
                yield return (name, body, "application/json");
            }

            yield return ("duplicate keys", HostileCorpus.DuplicateKeys(valid), "application/json");
            foreach (var (name, body) in HostileCorpus.HostileFields(valid))
            {
                yield return (name, body, "application/json");
            }

            foreach (var date in HostileCorpus.Dates(HappyBabyHive.Time.UkTime.Today(TimeProvider.System)))
            {
                foreach (var field in new[] { "babyDateOfBirth", "firstSessionDate" }.Where(valid.Contains))
                {
                    yield return ($"{field}={date}", HostileCorpus.WithField(valid, field, JsonSerializer.Serialize(date)), "application/json");
                }
            }

            if (valid.Contains("startTime", StringComparison.Ordinal))
            {
                foreach (var sunday in HostileCorpus.ClockChangeSundays(HappyBabyHive.Time.UkTime.Today(TimeProvider.System)))
                {
                    foreach (var (start, end) in HostileCorpus.Times)
                    {
                        var body = HostileCorpus.WithField(HostileCorpus.WithField(HostileCorpus.WithField(valid, "firstSessionDate", JsonSerializer.Serialize(sunday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))), "startTime", JsonSerializer.Serialize(start)), "endTime", JsonSerializer.Serialize(end));
                        yield return ($"course on {sunday:yyyy-MM-dd} from {start} to {end}", body, "application/json");
                    }
                }
            }

            yield return ("json with a charset", valid, "application/json; charset=utf-16");
        }

        if (kind == BodyKind.Form && fields is not null)
        {
            foreach (var (name, body) in HostileCorpus.HostileForms(fields))
            {
                yield return (name, body, "application/x-www-form-urlencoded");
            }
        }
    }

    private static string Fill(string route, Func<string, string> value) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{(\w+)(:[^}]*)?\}", m => value(m.Groups[1].Value));

    private static string Json(object value) => JsonSerializer.Serialize(value);
}

/// <summary>Real data in the host's tables, so hostile values meet real code paths rather than stopping at "not found".</summary>
public sealed record Seed(string CourseId, string RequestId, string Email, string BabyDateOfBirth, string CourseDetails)
{
    public string IdFor(string parameter) => parameter.Equals("requestId", StringComparison.OrdinalIgnoreCase) ? RequestId : CourseId;

    public static string DetailsJson(DateOnly firstSession) => JsonSerializer.Serialize(new
    {
        kind = "BabyMassage",
        title = "Baby Massage for Little Ones",
        description = "Five calm weeks of gentle massage.",
        venue = "The Hive Room, Cottingham",
        venueAddress = "Hallgate, Cottingham HU16",
        firstSessionDate = firstSession.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        startTime = "10:00",
        endTime = "11:00",
        weeks = "5",
        capacity = "10",
        freePlaces = "2",
        price = "60",
        babyAgeFromWeeks = "6",
        babyAgeToWeeks = "30",
        babyAgeDescription = "6 weeks to not yet crawling",
    });
}
