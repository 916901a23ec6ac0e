using System.Text.Json;
using System.Text.RegularExpressions;
using HappyBabyHive.Infra.Tests.Arm;
using HappyBabyHive.Infra.Tests.Bicep;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

/// <summary>Issue 11's day-2 operations and deployment settings, checked on the compiled template.</summary>
public sealed partial class OperationsPolicyTests(InfraFixture fixture) : IClassFixture<InfraFixture>
{
    private static readonly string RawParameters = File.ReadAllText(Path.Combine(BicepCli.InfraDirectory, "main.parameters.json"));

    private ArmTemplate Template => fixture.Template;

    private JsonElement MainParameter(string name) => Template.Root.GetProperty("parameters").GetProperty(name);

    private JsonElement MainVariable(string name) => Template.Root.GetProperty("variables").GetProperty(name);

    [Fact]
    public void Alerts_go_to_the_owner_and_the_engineer()
    {
        var group = Assert.Single(Template.OfType("Microsoft.Insights/actionGroups"));
        var emails = MainVariable("alertEmails").GetString();

        Assert.Contains("parameters('alertEmails')", group.Get("properties")!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("parameters('ownerEmail')", emails, StringComparison.Ordinal);
        Assert.Contains("parameters('engineerEmail')", emails, StringComparison.Ordinal);
        Assert.Contains("${ALERT_ENGINEER_EMAIL=}", RawParameters, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("poison-queue-messages", "-poison")]
    [InlineData("emails-need-a-person", "needs a person")]
    [InlineData("function-failures", "success == false")]
    [InlineData("email-throttled", "\"429\"")]
    [InlineData("email-delivery-failures", "ACSEmailStatusUpdateOperational")]
    public void Each_failure_the_owner_must_hear_about_has_a_log_alert_to_the_action_group(string name, string queryPart)
    {
        var rule = Assert.Single(Template.OfType("Microsoft.Insights/scheduledQueryRules"));
        var alerts = rule.Scope.Template.GetProperty("variables").GetProperty("logAlerts");
        var alert = Assert.Single(alerts.EnumerateArray(), a => a.GetProperty("name").GetString() == name);

        Assert.Contains(queryPart, alert.GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Contains("variables('logAlerts')", rule.Json.GetProperty("copy").GetProperty("count").GetString(), StringComparison.Ordinal);
        Assert.Contains("actionGroups", rule.Get("properties", "actions")!.Value.GetRawText(), StringComparison.Ordinal);
        // Tables such as ACSEmailStatusUpdateOperational only exist after their first row.
        Assert.True(rule.GetBool("properties", "skipQueryValidation"));
    }

    [Fact]
    public void Course_list_has_an_availability_test_with_an_alert()
    {
        var test = Assert.Single(Template.OfType("Microsoft.Insights/webtests"));
        var alert = Assert.Single(Template.OfType("Microsoft.Insights/metricAlerts"));

        Assert.Equal("standard", test.GetString("kind"));
        Assert.Equal("GET", test.GetString("properties", "Request", "HttpVerb"));
        Assert.Contains("/api/courses", Template.Resources.Single(r => r.Name == "operations").Get("properties", "parameters", "coursesUrl", "value")!.Value.GetString(), StringComparison.Ordinal);
        Assert.Equal("Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria", alert.GetString("properties", "criteria", "odata.type"));
        Assert.Contains("actionGroup", alert.Get("properties", "actions")!.Value.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_monthly_budget_warns_before_the_money_is_spent()
    {
        var budget = Assert.Single(Template.OfType("Microsoft.Consumption/budgets"));
        var notifications = budget.Get("properties", "notifications")!.Value.EnumerateObject().Select(n => n.Value).ToList();

        Assert.Equal("Monthly", budget.GetString("properties", "timeGrain"));
        Assert.Contains(notifications, n => n.GetProperty("thresholdType").GetString() == "Actual" && n.GetProperty("threshold").GetInt32() <= 80);
        Assert.Contains(notifications, n => n.GetProperty("thresholdType").GetString() == "Forecasted");
        Assert.InRange(MainParameter("monthlyBudget").GetProperty("defaultValue").GetInt32(), 1, 100);
    }

    [Fact]
    public void Log_analytics_has_a_daily_cap()
    {
        var workspace = Assert.Single(Template.OfType("Microsoft.OperationalInsights/workspaces"));

        Assert.Equal("[parameters('dailyCapGb')]", workspace.Get("properties", "workspaceCapping", "dailyQuotaGb")?.GetString());
        Assert.InRange(MainParameter("logDailyCapGb").GetProperty("defaultValue").GetInt32(), 1, 5);
    }

    [Fact]
    public void Only_regions_with_flex_consumption_can_be_chosen()
    {
        var allowed = MainParameter("location").GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()).ToList();

        Assert.Contains("uksouth", allowed);
        Assert.Contains("ukwest", allowed);
        Assert.DoesNotContain("westindia", allowed); // no Flex Consumption there
    }

    [Fact]
    public void Email_send_and_delivery_logs_go_to_log_analytics()
    {
        var diagnostics = Assert.Single(Template.OfType("Microsoft.Insights/diagnosticSettings"));
        var categories = diagnostics.Get("properties", "logs")!.Value.EnumerateArray()
            .Where(l => l.GetProperty("enabled").GetBoolean()).Select(l => l.GetProperty("category").GetString()).ToList();

        Assert.Contains("Microsoft.Communication/communicationServices", diagnostics.Get("scope")!.Value.GetString(), StringComparison.Ordinal);
        Assert.Contains("EmailSendMailOperational", categories);
        Assert.Contains("EmailStatusUpdateOperational", categories);
        Assert.Equal("[parameters('logAnalyticsWorkspaceId')]", diagnostics.Get("properties", "workspaceId")?.GetString());
    }

    [Fact]
    public void Backups_go_to_a_private_versioned_container_with_30_days_of_soft_delete()
    {
        var container = Assert.Single(Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"), c => c.Symbol == "backupContainer");
        var blobService = Assert.Single(Template.OfType("Microsoft.Storage/storageAccounts/blobServices"));

        Assert.Equal("table-backups", MainVariable("backupContainerName").GetString());
        Assert.Equal("None", container.GetString("properties", "publicAccess"));
        Assert.True(blobService.GetBool("properties", "isVersioningEnabled"));
        Assert.True(blobService.GetBool("properties", "deleteRetentionPolicy", "enabled"));
        Assert.True(blobService.Resolve("properties", "deleteRetentionPolicy", "days")!.Value.GetInt32() >= 30);
        Assert.True(blobService.GetBool("properties", "containerDeleteRetentionPolicy", "enabled"));
        Assert.True(blobService.Resolve("properties", "containerDeleteRetentionPolicy", "days")!.Value.GetInt32() >= 30);
    }

    [Fact]
    public void Storage_account_is_locked_against_deletion_unless_the_environment_turns_it_off()
    {
        var lockResource = Assert.Single(Template.OfType("Microsoft.Authorization/locks"));

        Assert.Equal("CanNotDelete", lockResource.GetString("properties", "level"));
        Assert.Contains("Microsoft.Storage/storageAccounts", lockResource.Get("scope")!.Value.GetString(), StringComparison.Ordinal);
        Assert.True(MainParameter("storageDeleteLock").GetProperty("defaultValue").GetBoolean());
        Assert.Contains("${STORAGE_DELETE_LOCK=true}", RawParameters, StringComparison.Ordinal);
    }

    [Fact]
    public void Owner_sign_in_emails_have_their_own_queue_and_poison_queue()
    {
        var queues = MainVariable("appQueues").EnumerateArray().Select(q => q.GetString()).ToList();

        Assert.Contains("owner-emails", queues);
        Assert.Contains("owner-emails-poison", queues);
    }

    [Fact]
    public void Every_table_the_app_names_is_deployed_including_the_shared_limits()
    {
        var tables = MainVariable("appTables").EnumerateArray().Select(t => t.GetString()).ToList();

        // StorageOptions.AllTables without a name prefix, as in production.
        Assert.Equal(new HappyBabyHive.Storage.StorageOptions().AllTables.Order(StringComparer.Ordinal), tables.Order(StringComparer.Ordinal));
        Assert.Contains(HappyBabyHive.Storage.TableNames.Limits, tables);
    }

    [Theory]
    [InlineData(false, 2, 4, 5, 10)]   // Azure-managed domain: 5 a minute, 10 an hour
    [InlineData(true, 20, 60, 30, 100)] // custom domain, to start with: 30 a minute, 100 an hour
    public void Tips_leave_headroom_in_the_email_limits(bool customDomain, int perMinute, int perHour, int limitPerMinute, int limitPerHour)
    {
        var minute = Choice(MainVariable("tipsSendsPerMinute").GetString()!);
        var hour = Choice(MainVariable("tipsSendsPerHour").GetString()!);

        Assert.Equal(perMinute, customDomain ? minute.IfTrue : minute.IfFalse);
        Assert.Equal(perHour, customDomain ? hour.IfTrue : hour.IfFalse);
        // At least a third of each limit stays free for booking confirmations and owner sign-ins.
        Assert.True(perMinute * 3 <= limitPerMinute * 2 && perHour * 3 <= limitPerHour * 2, "tips may use at most two thirds of each limit");
        Assert.Contains("parameters('customEmailDomainVerified')", MainVariable("sendsFromCustomDomain").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("termsUrl", "${TERMS_URL=}")]
    [InlineData("ownerSignInEmails", "${OWNER_SIGN_IN_EMAILS=}")]
    [InlineData("previousLinkSigningKeyVersion", "${LINK_SIGNING_KEY_PREVIOUS_VERSION=}")]
    [InlineData("maximumInstanceCount", "${MAXIMUM_INSTANCE_COUNT=4}")]
    public void Settings_once_added_by_hand_are_azd_environment_values(string parameter, string substitution)
    {
        Assert.True(Template.Root.GetProperty("parameters").TryGetProperty(parameter, out _));
        Assert.Contains($"\"{parameter}\": {{\n      \"value\": \"{substitution}\"", RawParameters.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private static (int IfTrue, int IfFalse) Choice(string expression)
    {
        var match = IfExpression().Match(expression);
        Assert.True(match.Success, expression);
        return (int.Parse(match.Groups["yes"].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups["no"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^\[if\(variables\('sendsFromCustomDomain'\), (?<yes>\d+), (?<no>\d+)\)\]$")]
    private static partial Regex IfExpression();
}
