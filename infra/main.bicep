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

// Regions that offer the Flex Consumption plan (Microsoft's list, as in the official azd Flex template): a region without
// it would fail half-way through the first deployment, so azd offers only these.
@description('Azure region for every regional resource, e.g. uksouth (recommended: the data stays in the UK). Only regions with the Flex Consumption plan are allowed.')
@metadata({
  azd: {
    type: 'location'
  }
})
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
param location string

@description('Object id of the person or pipeline running azd (AZURE_PRINCIPAL_ID). Used only when deployerDataAccess is true.')
param principalId string = ''

// Off by default: whoever runs azd against production should not also be able to read parents' bookings. A developer's
// own test environment turns it on (azd env set DEPLOYER_DATA_ACCESS true) to run the app locally against Azure.
@description('Give principalId data roles on storage and email sending, for local debugging (DEPLOYER_DATA_ACCESS). Never for production.')
param deployerDataAccess bool = false

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

// A small business needs a handful; the cap also bounds the cost of a flood of requests. Flex allows 1 to 1000.
@description('Upper bound of Flex Consumption instances (MAXIMUM_INSTANCE_COUNT).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 4

@description('Memory per Flex Consumption instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('More addresses that may sign in to the owner\'s console, comma-separated (OWNER_SIGN_IN_EMAILS). Empty: only ownerEmail.')
param ownerSignInEmails string = ''

@description('Full https address of the booking terms page on the business\'s website (TERMS_URL). Empty: the booking form shows no link.')
param termsUrl string = ''

@description('Engineer who also receives alerts (ALERT_ENGINEER_EMAIL). Empty: only the owner is alerted.')
param engineerEmail string = ''

@description('Monthly budget for the resource group in the billing currency (MONTHLY_BUDGET); the owner and engineer are emailed at 80% spent and when 100% is forecast. 0: no budget (e.g. a subscription type without budgets).')
@minValue(0)
param monthlyBudget int = 20

// Budgets need a start on the first of a month, not in the past for a new budget; re-deploying moves it to this month,
// which keeps the same monthly budget.
@description('First day of the budget (yyyy-MM-dd). Leave the default.')
param budgetStartDate string = utcNow('yyyy-MM-01')

@description('Daily cap on data sent to Log Analytics in GB (LOG_DAILY_CAP_GB): a runaway log cannot run up a large bill. Logs stop until midnight UTC when it is reached.')
@minValue(1)
param logDailyCapGb int = 1

@description('Run an availability test on GET /api/courses every 15 minutes from two European locations (AVAILABILITY_TEST).')
param availabilityTest bool = true

// On by default: the account holds every booking. `azd down` cannot delete a locked account: set STORAGE_DELETE_LOCK
// to false and run azd provision first (docs/deploying.md).
@description('Put a CanNotDelete lock on the storage account (STORAGE_DELETE_LOCK).')
param storageDeleteLock bool = true

// Rotation (infra/scripts/rotate-link-signing-key.sh): the script writes a new version of link-signing-key and sets this
// to the version it replaced, so links signed with the old key keep working; empty it after the longest link expires.
@description('Version id of the link-signing-key secret that is still accepted during a rotation (LINK_SIGNING_KEY_PREVIOUS_VERSION). Empty: no rotation in progress.')
param previousLinkSigningKeyVersion string = ''

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

// Stripe (issue #16). The two secrets live in Key Vault and the app reads them through Key Vault references, never as
// plain app settings. Like the link-signing key, each is written only when given: set STRIPE_SECRET_KEY and
// STRIPE_WEBHOOK_SECRET for the provision that stores (or replaces) them, then unset them, and later provisions leave
// the vault's secrets alone, so the keys need not stay in the azd environment. PAYMENTS_ENABLED turns payments on; with
// it on and a secret missing from the vault, the reference stays unresolved and the app refuses to start (loudly)
// rather than taking bookings it cannot charge for.
@secure()
@description('A new Stripe secret key, sk_live_... or sk_test_... (STRIPE_SECRET_KEY). Empty keeps the vault\'s secret.')
param stripeSecretKey string = ''

@secure()
@description('A new signing secret of the Stripe webhook endpoint, whsec_... (STRIPE_WEBHOOK_SECRET). Empty keeps the vault\'s secret.')
param stripeWebhookSecret string = ''

// A string, not a bool, so that it reaches the app setting unchanged ('true' or 'false').
@allowed([
  'true'
  'false'
])
@description('Take payments through Stripe (PAYMENTS_ENABLED). Needs both Stripe secrets in the vault.')
param paymentsEnabled string = 'false'

// ---------------------------------------------------------------------------------------------------------------------
// Names and shared values
// ---------------------------------------------------------------------------------------------------------------------

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
// Tips may use a small share of the email limits, so booking confirmations and owner sign-ins always have headroom:
// Azure-managed domain 5/min and 10/h -> 2 and 4; custom domain 30/min and 100/h -> 20 and 60.
var sendsFromCustomDomain = !empty(customEmailDomain) && customEmailDomainVerified
var tipsSendsPerMinute = sendsFromCustomDomain ? 20 : 2
var tipsSendsPerHour = sendsFromCustomDomain ? 60 : 4
var alertEmails = filter([ownerEmail, engineerEmail], address => !empty(address))
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
var actionGroupName = 'ag-${resourceToken}'
var budgetName = 'budget-${resourceToken}'
var availabilityTestName = 'avail-courses-${resourceToken}'
// Blob container for the nightly table backups (written by the app's backup timer; Backup__ContainerName's default).
var backupContainerName = 'table-backups'
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
  // Stripe events received (stored once by event id) until applied (#16).
  'Payments'
  // Shared rate-limit counters and used form tokens (docs/abuse-resistance.md): keyed hashes only, never backed up.
  'Limits'
  'OwnerSessions'
]
var appQueues = [
  'emails'
  'emails-poison'
  'tip-fanout'
  'tip-fanout-poison'
  'tip-emails'
  'tip-emails-poison'
  // Owner sign-in emails have their own queue, so they never wait behind a batch of tips.
  'owner-emails'
  'owner-emails-poison'
  // "Apply stored Stripe event E" (#16).
  'stripe-events'
  'stripe-events-poison'
  // "Send booking B's refund" (#16); a sweep re-sends any that never arrive.
  'refunds'
  'refunds-poison'
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
    dailyCapGb: logDailyCapGb
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
    backupContainerName: backupContainerName
    deleteLock: storageDeleteLock
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
    newStripeSecretKey: stripeSecretKey
    newStripeWebhookSecret: stripeWebhookSecret
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
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsId
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
    userPrincipalId: deployerDataAccess ? principalId : ''
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
    previousLinkSigningKeyReference: empty(previousLinkSigningKeyVersion)
      ? ''
      : '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/link-signing-key/${previousLinkSigningKeyVersion})'
    ownerSignInEmails: ownerSignInEmails
    termsUrl: termsUrl
    paymentsEnabled: paymentsEnabled
    stripeApiKeyUri: keyVault.outputs.stripeApiKeyUri
    stripeWebhookSigningKeyUri: keyVault.outputs.stripeWebhookSigningKeyUri
    tipsSendsPerMinute: tipsSendsPerMinute
    tipsSendsPerHour: tipsSendsPerHour
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

// Day-2 operations: who is told when something goes wrong, and what counts as wrong (alerts, availability, budget).
module operations 'app/operations.bicep' = {
  name: 'operations'
  scope: rg
  params: {
    location: location
    tags: tags
    actionGroupName: actionGroupName
    alertEmails: alertEmails
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    logAnalyticsId: monitoring.outputs.logAnalyticsId
    availabilityTestName: availabilityTestName
    availabilityTest: availabilityTest
    coursesUrl: '${functionApp.outputs.uri}/api/courses'
    budgetName: budgetName
    monthlyBudget: monthlyBudget
    budgetStartDate: budgetStartDate
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
