// The Happy Baby Hive: everything the API (an Azure Functions app on Flex Consumption) needs in Azure.
// Deployed by `azd provision` / `azd up`; values come from main.parameters.json and the azd environment.
// Plain resources only: public-registry modules (br/public:) cannot be restored on our build machines.
targetScope = 'subscription'

// ---------------------------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('Name of the azd environment (AZURE_ENV_NAME). Used for the resource group name, resource names and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Azure region for every regional resource, e.g. uksouth. It must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the person or pipeline running azd (AZURE_PRINCIPAL_ID). When set, it gets data roles for local debugging and read access to the link-signing key. Empty skips them.')
param principalId string = ''

@description('Kind of principal principalId is (AZURE_PRINCIPAL_TYPE): User for a person, ServicePrincipal for a pipeline.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Website origins allowed to call the API from a browser (CORS), e.g. ["https://www.thehappybabyhive.co.uk"]. With azd: azd env set ALLOWED_ORIGINS \'["https://www.example.co.uk"]\' (a JSON array).')
param allowedOrigins string[] = []

// Required: the app refuses to start without an owner address (Business__OwnerEmail), so fail at deployment instead.
@minLength(6)
@description('The business owner\'s email address (OWNER_EMAIL): replies to booking emails go here and owner notifications are sent here.')
param ownerEmail string

@description('Optional custom email domain (e.g. thehappybabyhive.co.uk). Empty means only the free Azure-managed domain is used.')
param customEmailDomain string = ''

@description('Set to true once the DNS records of customEmailDomain are verified in the portal. Only then is the domain linked and used as the sender.')
param customEmailDomainVerified bool = false

@description('Upper bound of Flex Consumption instances (40 to 1000 per the Flex stack data).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per Flex Consumption instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

// How the link-signing key is generated (and why it does not change on redeploy):
// main.parameters.json feeds this parameter with azd's `$(secretOrRandomPassword ${AZURE_KEY_VAULT_NAME} link-signing-key)`.
// azd evaluates that before every deployment (azure-dev cli/azd/pkg/cmdsubst/secretOrRandomPassword.go):
//   * vault name and secret name known, secret exists -> the CURRENT value is read back from Key Vault and
//     re-deployed unchanged, so links already emailed stay valid;
//   * first provision (AZURE_KEY_VAULT_NAME not yet in the azd environment, so only one argument) or secret missing
//     -> azd generates a new random value locally (crypto/rand, 5 lower + 5 upper + 5 digits, about 83 bits);
//   * any other read error (e.g. no permission) -> azd stops the provision; it never silently replaces the key.
// No person ever sees or copies the value: it goes from azd straight into this @secure() parameter and into Key Vault.
// AZURE_KEY_VAULT_NAME is an output below, so azd stores it in .azure/<env>/.env after the first provision; a fresh
// machine or pipeline must have it set (`azd env refresh`, or `azd env set AZURE_KEY_VAULT_NAME ...`) BEFORE it
// provisions, otherwise it would generate a new key. The deploying principal gets Key Vault Secrets User on the vault
// (see rbac.bicep) so that the read-back works. Alternatives rejected: newGuid() as a parameter default changes on every
// deployment; uniqueString() is derivable from public ids, so it is no secret; azd's `@metadata({azd:{type:'generate'}})`
// keeps the value only in the local .azure folder, not in Azure. Previous versions stay in Key Vault, so a key that was
// replaced by mistake can be restored. An operator may also store a longer random key in the vault once; azd then
// re-deploys that value.
@secure()
@minLength(15)
@description('Key the app uses to sign links in emails. Supplied by azd (secretOrRandomPassword), stored in Key Vault as link-signing-key.')
param linkSigningKey string

// ---------------------------------------------------------------------------------------------------------------------
// Names and shared values
// ---------------------------------------------------------------------------------------------------------------------

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

var identityName = '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
var logAnalyticsName = '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var emailServiceName = '${abbrs.communicationEmailServices}${resourceToken}'
var communicationServiceName = '${abbrs.communicationCommunicationServices}${resourceToken}'
var planName = '${abbrs.webServerFarms}${resourceToken}'
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
// Blob container that holds the Flex Consumption deployment package (same naming as the official azd template).
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

// Storage the app uses. Add a name here and it is created on the next provision.
// Queue-triggered functions move failed messages to '<queue>-poison', so each poison queue is listed with its queue.
var appTables = [
  'Bookings'
  'CourseCalendar'
  'FreePlaceRequests'
  'TipSubscribers'
  'TipPublications'
  'Settings'
  'OwnerSignIns'
]
var appQueues = [
  'emails'
  'emails-poison'
  'tip-fanout'
  'tip-fanout-poison'
  'tip-emails'
  'tip-emails-poison'
]

// ---------------------------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------------------------

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: logAnalyticsName
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    tableNames: appTables
    queueNames: appQueues
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    linkSigningKey: linkSigningKey
  }
}

module email 'app/email.bicep' = {
  name: 'email'
  scope: rg
  params: {
    emailServiceName: emailServiceName
    communicationServiceName: communicationServiceName
    tags: tags
    senderDisplayName: 'The Happy Baby Hive'
    customEmailDomain: customEmailDomain
    useCustomEmailDomain: customEmailDomainVerified
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  // Names known before deployment are passed (not module outputs), so that What-If can predict the assignments;
  // hence the explicit dependencies on the modules that create the resources.
  dependsOn: [
    identity
    monitoring
    storage
    keyVault
    email
  ]
  params: {
    storageAccountName: storageAccountName
    applicationInsightsName: applicationInsightsName
    communicationServiceName: communicationServiceName
    keyVaultName: keyVaultName
    appIdentityName: identityName
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module functionApp 'app/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  // The roles must exist before the app first starts: the host reads its storage, Key Vault references are resolved
  // and telemetry is sent with the identity, all at start-up.
  dependsOn: [
    rbac
  ]
  params: {
    name: functionAppName
    planName: planName
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    allowedOrigins: allowedOrigins
    ownerEmail: ownerEmail
    emailSenderAddress: email.outputs.senderAddress
    acsEndpoint: email.outputs.endpoint
    linkSigningKeyUri: keyVault.outputs.linkSigningKeyUri
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Outputs: azd stores these in .azure/<env>/.env. None of them is a secret.
// ---------------------------------------------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
// Needed by main.parameters.json to read the link-signing key back on the next provision (see linkSigningKey above).
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output EMAIL_SENDER_ADDRESS string = email.outputs.senderAddress
output ACS_ENDPOINT string = email.outputs.endpoint
