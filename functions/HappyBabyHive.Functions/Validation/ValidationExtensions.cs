using System.Text.Json;
using FluentValidation.Results;

namespace HappyBabyHive.Validation;

public static class ValidationExtensions
{
    /// <summary>Field errors keyed by the JSON (camelCase) name the client sent, as RFC 9457 "errors" expects.</summary>
    public static IReadOnlyDictionary<string, string[]> ToFieldErrors(this ValidationResult result) =>
        result.Errors
            .GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
}
