using System.Collections.Concurrent;
using System.Reflection;
using Azure.Data.Tables;

namespace HappyBabyHive.Storage;

/// <summary>
/// Turns an untyped row into a typed entity, for a query that returns rows of different kinds from one partition (the
/// SDK deserialises a query into one type only). Properties map by name as the SDK's own deserialiser does.
/// </summary>
internal static class TableEntityMapping
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    public static T To<T>(TableEntity row)
        where T : ITableEntity, new()
    {
        var entity = new T { PartitionKey = row.PartitionKey, RowKey = row.RowKey, Timestamp = row.Timestamp, ETag = row.ETag };
        foreach (var property in Properties.GetOrAdd(typeof(T), Writable))
        {
            if (row.TryGetValue(property.Name, out var value) && value is not null)
            {
                property.SetValue(entity, Convert(value, Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType));
            }
        }

        return entity;
    }

    private static PropertyInfo[] Writable(Type type) => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0
            && p.Name is not (nameof(ITableEntity.PartitionKey) or nameof(ITableEntity.RowKey) or nameof(ITableEntity.Timestamp) or nameof(ITableEntity.ETag)))
        .ToArray();

    private static object Convert(object value, Type target) => value switch
    {
        _ when target.IsInstanceOfType(value) => value,
        DateTimeOffset at when target == typeof(DateTime) => at.UtcDateTime,
        string text when target.IsEnum => Enum.Parse(target, text),
        _ => System.Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture),
    };
}
