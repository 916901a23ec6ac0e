// Role assignments. Least privilege: every assignment is scoped to the one resource it is needed on, never to the
// resource group or subscription, and there is no Owner, Contributor or User Access Administrator anywhere.
// Role definition ids are written out literally so that reviewers (and tests/HappyBabyHive.Infra.Tests) can see them.

@description('Storage account used by the Functions host and the app.')
param storageAccountName string

@description('Application Insights component the app sends telemetry to.')
param applicationInsightsName string

@description('Communication Services resource the app sends email through.')
param communicationServiceName string

@description('Key Vault holding the app\'s secrets.')
param keyVaultName string

@description('Name of the function app\'s user-assigned managed identity.')
param appIdentityName string

@description('Object id of the deploying user or pipeline; empty skips its assignments (main.bicep passes it only when deployerDataAccess is on).')
param userPrincipalId string = ''

@description('User or ServicePrincipal.')
@allowed([
  'User'
  'ServicePrincipal'
])
param userPrincipalType string = 'User'

var assignToUser = !empty(userPrincipalId)

// Sending email with Entra ID needs only this. There is no data action for it: Communication Services authorises a send
// with the control-plane actions below (a custom role with exactly these is reported to work: learn.microsoft.com/answers/a/8269455).
// Compared with "Communication and Email Service Owner" it cannot delete anything, read or regenerate access keys, add
// domains or sender addresses, or link notification hubs. If Azure ever refuses a send (403) under it, docs/deploying.md
// says how to add the built-in role by hand as a stop-gap (a provision does not remove it).
resource emailSender 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'happy-baby-hive-email-sender')
  properties: {
    // Role names are unique in the tenant, so the resource group is part of it.
    roleName: 'Happy Baby Hive email sender (${resourceGroup().name})'
    description: 'Send email through the Communication Services resources of this resource group; nothing else.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Communication/CommunicationServices/Read'
          'Microsoft.Communication/CommunicationServices/Write'
          'Microsoft.Communication/EmailServices/read'
          'Microsoft.Communication/EmailServices/write'
          'Microsoft.Communication/EmailServices/Domains/read'
          'Microsoft.Communication/EmailServices/Domains/SenderUsernames/read'
          'Microsoft.Communication/EmailServices/Domains/SuppressionLists/read'
          'Microsoft.Communication/EmailServices/Domains/SuppressionLists/SuppressionListAddresses/read'
          'Microsoft.Communication/Operations/read'
          'Microsoft.Communication/RegisteredSubscriptions/read'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2025-08-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource communicationService 'Microsoft.Communication/communicationServices@2026-03-18' existing = {
  name: communicationServiceName
}

resource vault 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: keyVaultName
}

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

// ---------------------------------------------------------------------------------------------------------------------
// The function app's identity
// ---------------------------------------------------------------------------------------------------------------------

// Storage Blob Data Owner: the host keeps leases, timer schedule state, function keys and the Flex deployment package in blobs.
resource appBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appIdentity.id, 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'Function app host storage (AzureWebJobsStorage) and deployment package'
  }
}

// Storage Queue Data Contributor: queue triggers need update/delete and must be able to create the -poison queue.
resource appQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appIdentity.id, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'Function app queue triggers and outputs'
  }
}

// Storage Table Data Contributor: bookings and the course calendar.
resource appTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appIdentity.id, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'Function app tables'
  }
}

// Monitoring Metrics Publisher: Application Insights has local auth disabled, so telemetry is sent with a token.
resource appMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, appIdentity.id, '3913510d-42f4-4e42-8a64-420c390055eb')
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'Function app telemetry with Entra ID'
  }
}

// The email-sender role above, scoped to this one Communication Services resource.
resource appEmailSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communicationService.id, appIdentity.id, emailSender.id)
  scope: communicationService
  properties: {
    roleDefinitionId: emailSender.id
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'Function app sends booking emails'
  }
}

// Key Vault Secrets User: resolves the Key Vault references in the app settings (read only).
resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appIdentity.id, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'Function app Key Vault references'
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The deploying user or pipeline: only when deployerDataAccess is on (main.bicep), for local debugging. Off for production.
// ---------------------------------------------------------------------------------------------------------------------

// Storage Blob Data Contributor, Queue Data Contributor, Table Data Contributor: local debugging against Azure storage.
resource userBlobDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (assignToUser) {
  name: guid(storage.id, userPrincipalId, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: userPrincipalId
    principalType: userPrincipalType
    description: 'Local debugging'
  }
}

resource userQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (assignToUser) {
  name: guid(storage.id, userPrincipalId, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
    principalId: userPrincipalId
    principalType: userPrincipalType
    description: 'Local debugging'
  }
}

resource userTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (assignToUser) {
  name: guid(storage.id, userPrincipalId, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: userPrincipalId
    principalType: userPrincipalType
    description: 'Local debugging'
  }
}

// The email-sender role: send a test email from a local run.
resource userEmailSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (assignToUser) {
  name: guid(communicationService.id, userPrincipalId, emailSender.id)
  scope: communicationService
  properties: {
    roleDefinitionId: emailSender.id
    principalId: userPrincipalId
    principalType: userPrincipalType
    description: 'Local debugging'
  }
}
