using System.Security.Cryptography;
using System.Text;

namespace HappyBabyHive.Courses.Management;

/// <summary>What a course remembers about the request that added it, so a repeat of that request adds nothing.</summary>
public static class CourseCreationKey
{
    /// <summary>A key the caller chose (the form's one-time key, an Idempotency-Key), hashed so any text is a safe value.</summary>
    public static string? From(string? requestKey) =>
        string.IsNullOrWhiteSpace(requestKey) || requestKey.Length > 200
            ? null
            : "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requestKey.Trim())))[..32];

    public static string CopyOf(string courseId) => "copy-of:" + courseId;
}
