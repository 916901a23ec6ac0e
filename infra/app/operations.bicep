// Day-2 operations for a business with no technical staff: when something goes wrong, the owner and an engineer get an
// email that says what. Alerts, an availability test on the public course list, and a monthly budget.
//
// The log alerts read Application Insights (what the app and the Functions host log) and Log Analytics (ACS email
// logs, see email.bicep). skipQueryValidation: a table only exists once its first row arrives (e.g. no email has bounced
// yet), and ARM would otherwise refuse to create the rule.

@description('Azure region for the alert rules and the availability test.')
param location string

@description('Tags for every resource.')
param tags { *: string }

@description('Name of the action group.')
param actionGroupName string

@description('Addresses that receive alerts (owner, engineer).')
@minLength(1)
param alertEmails string[]

@description('Resource id of Application Insights.')
param applicationInsightsId string

@description('Resource id of the Log Analytics workspace.')
param logAnalyticsId string

@description('Name of the availability test.')
param availabilityTestName string

@description('Create the availability test and its alert.')
param availabilityTest bool

@description('Public URL of GET /api/courses.')
param coursesUrl string

@description('Name of the budget.')
param budgetName string

@description('Monthly budget amount in the billing currency; 0 creates no budget.')
param monthlyBudget int

@description('First day of the budget period (yyyy-MM-01).')
param budgetStartDate string

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'HappyBaby'
    enabled: true
    emailReceivers: [
      for (address, i) in alertEmails: {
        name: 'email-${i}'
        emailAddress: address
        useCommonAlertSchema: true
      }
    ]
  }
}

// Every log alert: the query, how often it runs, and over what window; it fires when the query returns any row.
var logAlerts = [
  {
    name: 'poison-queue-messages'
    displayName: 'Emails or tips failed five times and were set aside'
    description: 'A queue message failed every retry and was moved to a -poison queue: an email or tip was not sent. See docs/deploying.md, "When an alert arrives".'
    severity: 1
    scope: applicationInsightsId
    // The Functions host's own trace when it gives up on a message, or the app's own event for it (docs/operations.md).
    query: 'traces | where (message has "Moving message to queue" and message has "-poison") or tostring(customDimensions.EventName) == "QueueMessagePoisoned"'
    frequency: 'PT15M'
  }
  {
    name: 'emails-need-a-person'
    displayName: 'An email needs a person to look at it'
    description: 'The app gave up on an email after repeated attempts (logged with the words "needs a person", ids only).'
    severity: 1
    scope: applicationInsightsId
    // The app's event EmailNeedsAPerson (id 9001); its message also always says "needs a person".
    query: 'traces | where severityLevel >= 3 and (message has "needs a person" or tostring(customDimensions.EventName) == "EmailNeedsAPerson")'
    frequency: 'PT15M'
  }
  {
    name: 'function-failures'
    displayName: 'The app is failing'
    description: 'Three or more function runs failed in the last hour.'
    severity: 2
    scope: applicationInsightsId
    query: 'requests | where success == false | summarize failures = count() | where failures >= 3'
    frequency: 'PT1H'
  }
  {
    name: 'email-throttled'
    displayName: 'Azure is throttling the business\'s emails'
    description: 'Communication Services answered 429 (too many emails): the sending limit is reached; consider a quota increase.'
    severity: 2
    scope: applicationInsightsId
    query: 'dependencies | where target has "communication.azure.com" and resultCode == "429"'
    frequency: 'PT15M'
  }
  {
    name: 'email-delivery-failures'
    displayName: 'Emails were not delivered'
    description: 'An email bounced, was suppressed, quarantined or filtered as spam (ACS delivery-status logs).'
    severity: 3
    scope: logAnalyticsId
    query: 'ACSEmailStatusUpdateOperational | where DeliveryStatus in~ ("Failed", "Bounced", "Suppressed", "Quarantined", "FilteredSpam")'
    frequency: 'PT1H'
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for alert in logAlerts: {
    name: alert.name
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: alert.displayName
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [
        alert.scope
      ]
      evaluationFrequency: alert.frequency
      windowSize: alert.frequency
      skipQueryValidation: true
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

// Parents see the course list first: check it every 15 minutes from two locations (UK South, North Europe).
resource coursesTest 'Microsoft.Insights/webtests@2022-06-15' = if (availabilityTest) {
  name: availabilityTestName
  location: location
  // Links the test to Application Insights, where its results are stored.
  tags: union(tags, {
    'hidden-link:${applicationInsightsId}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: availabilityTestName
    Name: 'GET /api/courses'
    Description: 'The public course list answers 200 within 30 seconds.'
    Enabled: true
    Frequency: 900
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      {
        Id: 'emea-ru-msa-edge'
      }
      {
        Id: 'emea-gb-db3-azr'
      }
    ]
    Request: {
      RequestUrl: coursesUrl
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource coursesDown 'Microsoft.Insights/metricAlerts@2026-01-01' = if (availabilityTest) {
  name: 'courses-unavailable'
  location: 'global'
  tags: tags
  properties: {
    description: 'GET /api/courses failed from both test locations: parents cannot see or book courses.'
    severity: 1
    enabled: true
    scopes: [
      coursesTest.id
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: coursesTest.id
      componentId: applicationInsightsId
      failedLocationCount: 2
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

resource budget 'Microsoft.Consumption/budgets@2026-06-01' = if (monthlyBudget > 0) {
  name: budgetName
  properties: {
    category: 'Cost'
    amount: monthlyBudget
    timeGrain: 'Monthly'
    timePeriod: {
      startDate: budgetStartDate
    }
    notifications: {
      actualOver80Percent: {
        enabled: true
        operator: 'GreaterThanOrEqualTo'
        threshold: 80
        thresholdType: 'Actual'
        contactEmails: alertEmails
        contactGroups: [
          actionGroup.id
        ]
      }
      forecastOver100Percent: {
        enabled: true
        operator: 'GreaterThanOrEqualTo'
        threshold: 100
        thresholdType: 'Forecasted'
        contactEmails: alertEmails
        contactGroups: [
          actionGroup.id
        ]
      }
    }
  }
}

output actionGroupId string = actionGroup.id
