using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace HappyBabyHive.Storage.Backups;

/// <summary>
/// One table entity as one line of JSON, with each property's Table Storage (EDM) type beside its value, so a restore
/// writes back exactly what was there: an Int64 stays an Int64, a DateTime a DateTime, a Guid a Guid, binary stays
/// binary. Values other than booleans are written as invariant strings, so nothing is lost to JSON number precision.
/// <code>{"PartitionKey":"…","RowKey":"…","Properties":{"Capacity":{"Type":"Edm.Int32","Value":"12"}, …}}</code>
/// </summary>
internal static class BackupEntityJson
{
    public static void Write(Utf8JsonWriter json, TableEntity entity)
    {
        json.WriteStartObject();
        json.WriteString(nameof(TableEntity.PartitionKey), entity.PartitionKey);
        json.WriteString(nameof(TableEntity.RowKey), entity.RowKey);
        json.WriteStartObject("Properties");
        foreach (var (name, value) in entity.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // Timestamp and the ETag belong to the service and are set afresh when the entity is written back.
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" || value is null)
            {
                continue;
            }

            var (type, text) = Describe(value);
            json.WriteStartObject(name);
            json.WriteString("Type", type);
            json.WriteString("Value", text);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static TableEntity Read(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var entity = new TableEntity(root.GetProperty("PartitionKey").GetString(), root.GetProperty("RowKey").GetString());
        foreach (var property in root.GetProperty("Properties").EnumerateObject())
        {
            entity[property.Name] = Parse(property.Value.GetProperty("Type").GetString()!, property.Value.GetProperty("Value").GetString()!);
        }

        return entity;
    }

    private static (string Type, string Value) Describe(object value) => value switch
    {
        string s => ("Edm.String", s),
        bool b => ("Edm.Boolean", b ? "true" : "false"),
        int i => ("Edm.Int32", i.ToString(CultureInfo.InvariantCulture)),
        long l => ("Edm.Int64", l.ToString(CultureInfo.InvariantCulture)),
        double d => ("Edm.Double", d.ToString("R", CultureInfo.InvariantCulture)),
        DateTimeOffset t => ("Edm.DateTime", t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
        DateTime t => ("Edm.DateTime", new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture)),
        Guid g => ("Edm.Guid", g.ToString("D")),
        byte[] bytes => ("Edm.Binary", Convert.ToBase64String(bytes)),
        BinaryData data => ("Edm.Binary", Convert.ToBase64String(data.ToArray())),
        _ => throw new NotSupportedException($"A table property of type {value.GetType().Name} cannot be backed up."),
    };

    private static object Parse(string type, string value) => type switch
    {
        "Edm.String" => value,
        "Edm.Boolean" => value == "true",
        "Edm.Int32" => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture),
        "Edm.Int64" => long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture),
        "Edm.Double" => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
        "Edm.DateTime" => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        "Edm.Guid" => Guid.Parse(value),
        "Edm.Binary" => Convert.FromBase64String(value),
        _ => throw new InvalidDataException($"The backup holds a property of unknown type '{type}'."),
    };
}
