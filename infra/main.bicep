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

// A comma-separated string, not an array: azd substitutes ${ALLOWED_ORIGINS} inside a JSON string (see
// main.parameters.json), and a plain string needs no JSON quoting in bash or Windows PowerShell.
@description('Website origins allowed to call the API from a browser (CORS), comma-separated, e.g. https://www.thehappybabyhive.co.uk,https://thehappybabyhive.co.uk. With azd: azd env set ALLOWED_ORIGINS "https://www.example.co.uk".')
param allowedOrigins string = ''

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

// How the link-signing key is created (and why it never changes on redeploy): the azd `preprovision` hook
// (infra/scripts/preprovision.sh or .ps1) asks Azure Resource Manager whether the vault already holds the secret
// link-signing-key. Only when it does not, the hook generates 48 random bytes (base64, 64 characters, 384 bits) and puts
// them in the azd environment value LINK_SIGNING_KEY_NEW, which main.parameters.json passes here; the `postprovision`
// hook empties it again. When the secret exists this parameter is empty and Bicep leaves the secret alone, so links
// already emailed stay valid. The check uses the control plane only: the deployer never needs to read the key.
// Rejected: azd's `secretOrRandomPassword` makes 15 characters (about 83 bits) and needs the deployer to read the key
// back; newGuid() changes on every deployment; uniqueString() is derivable from public ids.
@secure()
@description('A new link-signing key, given only when the vault does not hold one yet (LINK_SIGNING_KEY_NEW, set by the preprovision hook). Empty keeps the existing secret.')
param newLinkSigningKey string = ''

// ---------------------------------------------------------------------------------------------------------------------
// Names and shared values
// ---------------------------------------------------------------------------------------------------------------------

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var allowedOriginList = filter(map(split(allowedOrigins, ','), origin => trim(origin)), origin => !empty(origin))

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
    newLinkSigningKey: newLinkSigningKey
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
    allowedOrigins: allowedOriginList
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
// The rotation script (infra/scripts/rotate-link-signing-key.sh) and the docs use it.
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output EMAIL_SENDER_ADDRESS string = email.outputs.senderAddress
output ACS_ENDPOINT string = email.outputs.endpoint
