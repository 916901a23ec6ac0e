using System.ComponentModel.DataAnnotations;
using HappyBabyHive.Storage;

namespace HappyBabyHive.Tests.Storage;

/// <summary>The queue triggers read %Storage:NamePrefix% as the host resolves it, so the prefix must already be a valid queue name start.</summary>
public sealed class StorageOptionsTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData("t0a1b2c3d4e", true)]
    [InlineData("Tests", false)] // queue names are lower-case: the trigger would bind a queue that cannot exist
    [InlineData("t-1", false)]
    public void The_prefix_is_lower_case_letters_and_digits(string prefix, bool valid)
    {
        var options = new StorageOptions { NamePrefix = prefix };

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
    }

    [Fact]
    public void Each_trigger_binds_the_queue_its_producers_send_to()
    {
        var options = new StorageOptions { NamePrefix = "t0a1" };
        string Resolve(string trigger) => trigger.Replace("%" + QueueNames.PrefixSetting + "%", options.NamePrefix, StringComparison.Ordinal);

        Assert.Equal("Storage:NamePrefix", QueueNames.PrefixSetting);
        Assert.Equal(options.EmailQueue, Resolve(QueueNames.EmailsTrigger));
        Assert.Equal(options.OwnerEmailQueue, Resolve(QueueNames.OwnerEmailsTrigger));
        Assert.Equal(options.TipFanOutQueue, Resolve(QueueNames.TipFanOutTrigger));
        Assert.Equal(options.TipEmailQueue, Resolve(QueueNames.TipEmailsTrigger));
    }
}
