using System.Security.Cryptography;
using System.Text;

namespace HappyBabyHive.Outbox;

public static class OutboxEmailId
{
    /// <summary>
    /// A name-based GUID (RFC 9562 version 8) of the outbox row: the same email always gets the same id, which
    /// providers use to spot a repeat (SMTP Message-Id, ACS Operation-Id).
    /// </summary>
    public static Guid For(OutboxMessage message)
    {
        Span<byte> bytes = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{message.Table}/{message.PartitionKey}/{message.RowKey}"), bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes[..16], bigEndian: true);
    }
}
