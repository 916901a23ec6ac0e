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

@description('Object id of the deploying user or pipeline; empty skips its assignments.')
param userPrincipalId string = ''

@description('User or ServicePrincipal.')
@allowed([
  'User'
  'ServicePrincipal'
])
param userPrincipalType string = 'User'

var assignToUser = !empty(userPrincipalId)

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

// Communication and Email Service Owner: ACS has no narrower built-in role that can send email with Entra ID.
// Scoped to this one Communication Services resource.
resource appEmailSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communicationService.id, appIdentity.id, '09976791-48a7-449e-bb21-39d1a415f350')
  scope: communicationService
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '09976791-48a7-449e-bb21-39d1a415f350')
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
// The deploying user or pipeline (only when principalId is set)
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

// Communication and Email Service Owner: send a test email from a local run.
resource userEmailSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (assignToUser) {
  name: guid(communicationService.id, userPrincipalId, '09976791-48a7-449e-bb21-39d1a415f350')
  scope: communicationService
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '09976791-48a7-449e-bb21-39d1a415f350')
    principalId: userPrincipalId
    principalType: userPrincipalType
    description: 'Local debugging'
  }
}
