// Azure Communication Services Email: an Email Communication Service with the free Azure-managed domain
// (xxxx.azurecomm.net, pre-verified) and, optionally, the business's own domain; plus the Communication Services
// resource the app calls (https://<hostName>/emails:send) with its managed identity. Data stays in the UK.
//
// A custom domain has to be verified before it can be linked: first provision with customEmailDomain set (creates the
// domain), add the DNS records shown in the portal (Email Communication Service > Provision domains), verify them,
// then provision again with useCustomEmailDomain = true (CUSTOM_EMAIL_DOMAIN_VERIFIED=true) to link it and send from it.
// The Azure-managed domain is limited to about 5 emails a minute and 10 an hour; a custom domain starts at 30 and 100.

@description('Name of the Email Communication Service.')
param emailServiceName string

@description('Name of the Communication Services resource.')
param communicationServiceName string

@description('Tags for every resource.')
param tags { *: string }

@description('Display name recipients see next to the sender address.')
param senderDisplayName string

@description('Optional custom email domain, e.g. thehappybabyhive.co.uk. Empty: only the Azure-managed domain.')
param customEmailDomain string = ''

@description('Link the custom domain and send from it. Only set this once its DNS records are verified.')
param useCustomEmailDomain bool = false

@description('Log Analytics workspace that receives the email send and delivery-status logs.')
param logAnalyticsWorkspaceId string

var hasCustomDomain = !empty(customEmailDomain)
var sendFromCustomDomain = hasCustomDomain && useCustomEmailDomain
var senderUsername = 'DoNotReply'

resource emailService 'Microsoft.Communication/emailServices@2026-03-18' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: 'UK'
  }
}

resource azureManagedDomain 'Microsoft.Communication/emailServices/domains@2026-03-18' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource azureManagedSender 'Microsoft.Communication/emailServices/domains/senderUsernames@2026-03-18' = {
  parent: azureManagedDomain
  name: senderUsername
  properties: {
    username: senderUsername
    displayName: senderDisplayName
  }
}

resource customDomain 'Microsoft.Communication/emailServices/domains@2026-03-18' = if (hasCustomDomain) {
  parent: emailService
  name: hasCustomDomain ? customEmailDomain : 'none'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'CustomerManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource customSender 'Microsoft.Communication/emailServices/domains/senderUsernames@2026-03-18' = if (hasCustomDomain) {
  parent: customDomain
  name: senderUsername
  properties: {
    username: senderUsername
    displayName: senderDisplayName
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2026-03-18' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  // The sender usernames must exist before a send can use them.
  dependsOn: [
    azureManagedSender
    customSender
  ]
  properties: {
    dataLocation: 'UK'
    linkedDomains: sendFromCustomDomain ? [azureManagedDomain.id, customDomain.id] : [azureManagedDomain.id]
    // Keys and HMAC off: the app authenticates with its managed identity (Entra ID) only.
    disableLocalAuth: true
  }
}

// Delivery failures (bounces, suppressed addresses, spam filtering) are only visible in these logs; operations.bicep
// alerts on them. Resource-specific tables: ACSEmailSendMailOperational, ACSEmailStatusUpdateOperational.
// 2021-05-01-preview is the current diagnostic-settings API; the linter's suggestion (2016-09-01) is the legacy
// "service" variant, which has neither a free name nor a Log Analytics destination type.
#disable-next-line use-recent-api-versions
resource emailDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'email-logs-to-log-analytics'
  scope: communicationService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        category: 'EmailSendMailOperational'
        enabled: true
      }
      {
        category: 'EmailStatusUpdateOperational'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output communicationServiceName string = communicationService.name
output endpoint string = 'https://${communicationService.properties.hostName}'
output senderAddress string = sendFromCustomDomain
  ? '${senderUsername}@${customEmailDomain}'
  : '${azureManagedSender.properties.username}@${azureManagedDomain.properties.mailFromSenderDomain}'
