using System.Security.Cryptography;

namespace HappyBabyHive.Bookings;

/// <summary>
/// Short references a parent can read over the phone, e.g. "K7M3-Q9XP": Crockford base32, which leaves out
/// I, L, O and U so nothing is mistaken for 1, 0 or V. 40 random bits.
/// </summary>
public static class BookingReference
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<char> chars = stackalloc char[9];
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        for (int i = 0, c = 0; c < 9; c++)
        {
            if (c == 4)
            {
                chars[c] = '-';
                continue;
            }

            chars[c] = Alphabet[random[i++] & 31];
        }

        return new string(chars);
    }

    public static bool IsWellFormed(string? reference) =>
        reference is { Length: 9 } && reference[4] == '-' &&
        reference.Where((ch, i) => i != 4).All(ch => Alphabet.Contains(ch, StringComparison.Ordinal));
}
