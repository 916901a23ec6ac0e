using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HappyBabyHive.IntegrationTests.Hostile;

/// <summary>
/// Nasty inputs, by hand: the values a fuzzer rarely finds on its own (markup, header injection, OData and path
/// syntax, dates that do not exist) beside the encoding edge cases. FsCheck adds generated ones in the property tests.
/// </summary>
public static class HostileCorpus
{
    /// <summary>Text for any free-text field (names, notes, messages).</summary>
    public static readonly string[] Text =
    [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "' onmouseover='alert(1)",
        "</textarea><svg onload=alert(1)>",
        "Sam\r\nBcc: victim@example.com",
        "Sam\nSubject: hacked",
        "Ada\0Lovelace",
        "Zoe\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301", // a pile of combining accents
        "\u202Egnp.exe\u202C", // right-to-left override
        "\U0001F476\U0001F3FD\u200D\U0001F37C", // baby, skin tone, zero-width joiner, bottle
        "\uD800", // lone high surrogate
        "x\uDC00y", // lone low surrogate
        "\u0007\u001B[31mred\u001B[0m", // bell and ANSI escape
        "\uFEFF\u200B\u2028\u2029",
        "{{7*7}} ${7*7} @(7*7)",
        "=HYPERLINK(\"http://evil.example\")",
        "PartitionKey eq 'x' or RowKey ne ''",
        "../../etc/passwd",
        new string('A', 5000),
        "",
        "   ",
        "2147483648",
        "-1",
        "1e308",
        "NaN",
        "99999999999999999999999999",
        "0x7FFFFFFF",
    ];

    /// <summary>Values for ids in routes and queries: OData syntax, path characters, encodings, lengths.</summary>
    public static readonly string[] Ids =
    [
        "x' or PartitionKey ne '",
        "course') or (true",
        "..%2F..%2Fmanage",
        "a%2Fb",
        "%00",
        "%0D%0ASet-Cookie:%20x=1",
        "%3Cscript%3E",
        "%F0%9F%91%B6",
        "%ED%A0%80", // a lone surrogate encoded as UTF-8 (invalid UTF-8)
        "%FF%FE",
        "COURSE-UPPER",
        "-leading-hyphen",
        "a|b",
        "a#b",
        new string('a', 1000),
        "%20",
        "99999999999999999999",
        "-2147483649",
        "2147483647",
        "NaN",
    ];

    /// <summary>Dates a date field may receive: impossible, malformed, out of range, not yet born, across clock changes.</summary>
    public static IEnumerable<string> Dates(DateOnly today) =>
    [
        "2026-02-30",
        "2026-13-01",
        "0000-01-01",
        "9999-12-31",
        "-2026-01-01",
        "2026-3-29",
        "29/03/2026",
        "2026-03-29T01:30:00+00:00",
        "2026-10-25 01:30",
        "\u0662\u0660\u0662\u0666-\u0660\u0661-\u0660\u0661", // Arabic-Indic digits
        "２０２６-０１-０１", // full-width digits
        today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), // not yet born
        today.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        today.AddYears(-6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "",
    ];

    /// <summary>Start and end times for a course: impossible, malformed, and the hour the clocks skip or repeat.</summary>
    public static readonly (string Start, string End)[] Times =
    [
        ("25:00", "26:00"),
        ("10:00", "09:00"),
        ("23:59:60", "24:00"),
        ("10", "11"),
        ("10:00 PM", "11:00 PM"),
        ("01:30", "02:30"), // on the spring Sunday, 01:00-02:00 does not exist
        ("01:15", "01:45"), // on the autumn Sunday, 01:00-02:00 happens twice
    ];

    /// <summary>The next last Sundays of March and October: the days the UK's clocks change.</summary>
    public static IEnumerable<DateOnly> ClockChangeSundays(DateOnly today)
    {
        foreach (var (year, month) in new[] { (today.Year + 1, 3), (today.Year + 1, 10) })
        {
            var day = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            while (day.DayOfWeek != DayOfWeek.Sunday)
            {
                day = day.AddDays(-1);
            }

            yield return day;
        }
    }

    /// <summary>Bodies that are not the JSON object an endpoint expects.</summary>
    public static IEnumerable<(string Name, string Body)> BrokenJson(string validObject)
    {
        yield return ("empty", string.Empty);
        yield return ("null", "null");
        yield return ("array", "[]");
        yield return ("number", "42");
        yield return ("string", "\"hello\"");
        yield return ("truncated", validObject[..(validObject.Length / 2)]);
        yield return ("trailing comma", validObject.TrimEnd('}') + ",}");
        yield return ("comment", "/* hi */" + validObject);
        yield return ("two objects", validObject + validObject);
        yield return ("deep nesting", new string('[', 5000) + new string(']', 5000));
        yield return ("deep object nesting", string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2000));
        yield return ("huge body", "{\"x\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");
        yield return ("just over the limit", "{\"x\":\"" + new string('x', 16 * 1024) + "\"}");
        yield return ("escaped lone surrogate", "{\"parentName\":\"\\ud800\",\"email\":\"\\udc00@example.com\"}");
        yield return ("invalid UTF-8", "{\"parentName\":\"\xC3\x28\"}");
        yield return ("NUL byte", "{\"parentName\":\"a\0b\"}");
        yield return ("BOM then JSON", "\uFEFF" + validObject);
        yield return ("huge number", "{\"capacity\":1e999999,\"acceptTerms\":1e999999}");
        yield return ("every field the wrong type", WrongTypes(validObject));
        yield return ("every field an object", EveryField(validObject, "{\"$type\":\"System.IO.FileInfo\"}"));
        yield return ("every field null", EveryField(validObject, "null"));
    }

    /// <summary>A valid object with one key repeated: the second value must not sneak past the first's checks.</summary>
    public static string DuplicateKeys(string validObject) =>
        validObject.TrimEnd('}') + "," + string.Join(",", Keys(validObject).Select(k => $"\"{k}\":\"<script>alert(1)</script>\"")) + "}";

    /// <summary>
    /// A valid object with hostile text: every field at once holding each hostile value, then each field alone holding
    /// one (taken in turn), so every value meets every field without sending fields × values requests.
    /// </summary>
    public static IEnumerable<(string Name, string Body)> HostileFields(string validObject)
    {
        var keys = Keys(validObject);
        foreach (var (value, index) in Text.Select((v, i) => (v, i)))
        {
            yield return ($"every field=text#{index}", keys.Aggregate(validObject, (body, key) => WithField(body, key, JsonSerializer.Serialize(value))));
        }

        foreach (var (key, index) in keys.Select((k, i) => (k, i)))
        {
            yield return ($"{key}=text#{index % Text.Length}", WithField(validObject, key, JsonSerializer.Serialize(Text[index % Text.Length])));
        }
    }

    public static string WithField(string validObject, string key, string rawJsonValue)
    {
        using var document = JsonDocument.Parse(validObject);
        var output = new StringBuilder("{");
        var first = true;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            output.Append(first ? string.Empty : ",").Append(JsonSerializer.Serialize(property.Name)).Append(':')
                .Append(property.Name == key ? rawJsonValue : property.Value.GetRawText());
            first = false;
        }

        return output.Append('}').ToString();
    }

    /// <summary>Form posts (application/x-www-form-urlencoded) with hostile values in every field a form has.</summary>
    public static IEnumerable<(string Name, string Body)> HostileForms(IReadOnlyList<string> fieldNames)
    {
        yield return ("empty form", string.Empty);
        yield return ("not a form", "%%%&&&===");
        yield return ("broken percent escapes", "email=%E0%A4%A&parentName=%");
        yield return ("invalid UTF-8", "parentName=%C3%28&email=%FF%FE%40example.com");
        yield return ("huge form", "note=" + new string('x', 2 * 1024 * 1024));
        yield return ("thousands of fields", string.Join("&", Enumerable.Range(0, 3000).Select(i => $"f{i}=v")));
        yield return ("repeated fields", string.Join("&", fieldNames.SelectMany(f => new[] { $"{f}=first", $"{f}=%3Cscript%3E" })));
        foreach (var (value, index) in Text.Select((v, i) => (v, i)))
        {
            yield return ($"every field=text#{index}", string.Join("&", fieldNames.Select(f => $"{f}={Uri.EscapeDataString(ToValidUtf16(value))}")));
        }
    }

    /// <summary>Uri.EscapeDataString refuses lone surrogates; the raw invalid bytes are covered by "invalid UTF-8" instead.</summary>
    private static string ToValidUtf16(string value) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value));

    private static List<string> Keys(string validObject)
    {
        using var document = JsonDocument.Parse(validObject);
        return document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
    }

    private static string WrongTypes(string validObject)
    {
        using var document = JsonDocument.Parse(validObject);
        var fields = document.RootElement.EnumerateObject().Select(p => JsonSerializer.Serialize(p.Name) + ":" + (p.Value.ValueKind switch
        {
            JsonValueKind.String => "12345",
            JsonValueKind.Number => "\"twelve\"",
            JsonValueKind.True or JsonValueKind.False => "\"yes\"",
            _ => "true",
        }));
        return "{" + string.Join(",", fields) + "}";
    }

    private static string EveryField(string validObject, string rawJsonValue) =>
        "{" + string.Join(",", Keys(validObject).Select(k => JsonSerializer.Serialize(k) + ":" + rawJsonValue)) + "}";
}
