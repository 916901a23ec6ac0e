// The API: a .NET 10 isolated-worker function app on the Flex Consumption plan (Linux). It runs as the user-assigned
// identity from identity.bicep and reaches storage, Application Insights, ACS and Key Vault with that identity only:
// no keys or connection strings with secrets anywhere in its configuration.

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags; azd-service-name is added to the app.')
param tags { *: string }

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

@description('Blob endpoint of the storage account, ending in a slash.')
param storageBlobEndpoint string

@description('Queue endpoint of the storage account.')
param storageQueueEndpoint string

@description('Table endpoint of the storage account.')
param storageTableEndpoint string

@description('Blob container holding the deployment package.')
param deploymentContainerName string

@description('Application Insights connection string (not a secret: local auth is disabled).')
param applicationInsightsConnectionString string

@description('Website origins allowed to call the API (CORS).')
param allowedOrigins string[]

@description('The business owner\'s email address.')
param ownerEmail string

@description('Address booking emails are sent from (DoNotReply@...).')
param emailSenderAddress string

@description('Communication Services endpoint, https://<hostName>.')
param acsEndpoint string

@description('Versionless Key Vault URI of the link-signing-key secret.')
param linkSigningKeyUri string

@description('Key Vault reference to the previous link-signing key during a rotation; empty otherwise.')
param previousLinkSigningKeyReference string

@description('More owner sign-in addresses, comma-separated; may be empty.')
param ownerSignInEmails string

@description('Booking terms page (https); may be empty.')
param termsUrl string

@allowed([
  'true'
  'false'
])
@description('Payments through Stripe are on.')
param paymentsEnabled string

@description('Versionless Key Vault URI of the stripe-secret-key secret.')
param stripeApiKeyUri string

@description('Versionless Key Vault URI of the stripe-webhook-secret secret.')
param stripeWebhookSigningKeyUri string

@description('Tip emails allowed per minute (a share of the email domain\'s limit).')
param tipsSendsPerMinute int

@description('Tip emails allowed per hour.')
param tipsSendsPerHour int

@description('Upper bound of instances.')
param maximumInstanceCount int

@description('Memory per instance in MB.')
param instanceMemoryMB int

// The plan's default host name. Computed rather than read from the site, because the site's own app settings cannot
// refer to the site. The SERVICE_API_URI output below reads the real value.
var publicBaseUrl = 'https://${name}.azurewebsites.net'

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, {
    // Must equal the service name in azure.yaml, so that `azd deploy` finds this app.
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (Links__SigningKey) are resolved with the user-assigned identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false
      }
      // =============================================================================================================
      // APP SETTINGS: the complete set, in this one block. The app reads exactly these names; a drift test in
      // tests/HappyBabyHive.Infra.Tests compares them with the names the code reads. Never put a key, a password or
      // a connection string with a secret here: use the managed identity, or a Key Vault reference.
      // Flex Consumption does not use FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE
      // or WEBSITE_CONTENT*: runtime and scale live in functionAppConfig below.
      // =============================================================================================================
      appSettings: [
        // Host storage through the managed identity (no connection string).
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: storageBlobEndpoint
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: storageQueueEndpoint
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: storageTableEndpoint
        }
        // Which identity DefaultAzureCredential / ManagedIdentityCredential uses in the app code.
        {
          name: 'AZURE_CLIENT_ID'
          value: identityClientId
        }
        // Telemetry, authenticated with the identity (Application Insights has local auth disabled).
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        // The business.
        {
          name: 'Business__Name'
          value: 'The Happy Baby Hive'
        }
        {
          name: 'Business__OwnerEmail'
          value: ownerEmail
        }
        {
          name: 'Business__PublicBaseUrl'
          value: publicBaseUrl
        }
        // Optional settings are always present, empty when unused: a setting added by hand in the portal would be
        // wiped by the next `azd provision`, so each one is an azd environment value instead (docs/deploying.md).
        {
          name: 'Business__TermsUrl'
          value: termsUrl
        }
        {
          name: 'Owner__SignInEmails'
          value: ownerSignInEmails
        }
        // Tips use a share of the email limits (see main.bicep), leaving room for bookings and sign-ins.
        {
          name: 'WellbeingTips__SendsPerMinute'
          value: string(tipsSendsPerMinute)
        }
        {
          name: 'WellbeingTips__SendsPerHour'
          value: string(tipsSendsPerHour)
        }
        // The queue triggers bind %Storage:NamePrefix%emails and so on: the host cannot index them unless this setting
        // exists. Empty in Azure (the queues are 'emails', 'tip-emails', ...); tests set a prefix to share one emulator.
        {
          name: 'Storage__NamePrefix'
          value: ''
        }
        // The website that calls the API (the app checks origins as well as platform CORS).
        {
          name: 'Website__AllowedOrigins'
          value: join(allowedOrigins, ',')
        }
        // Email through Azure Communication Services, authenticated with the identity.
        {
          name: 'Email__Provider'
          value: 'Acs'
        }
        {
          name: 'Email__SenderAddress'
          value: emailSenderAddress
        }
        {
          name: 'Email__SenderName'
          value: 'The Happy Baby Hive'
        }
        {
          name: 'Email__ReplyToAddress'
          value: ownerEmail
        }
        {
          name: 'Acs__Endpoint'
          value: acsEndpoint
        }
        {
          name: 'Acs__ApiVersion'
          value: '2023-03-31'
        }
        // Key used to sign links in emails: a Key Vault reference, resolved by the platform with the identity.
        {
          name: 'Links__SigningKey'
          value: '@Microsoft.KeyVault(SecretUri=${linkSigningKeyUri})'
        }
        // During a rotation: the version of the key it replaced, so links already emailed keep working. Empty otherwise.
        {
          name: 'Links__PreviousSigningKey'
          value: previousLinkSigningKeyReference
        }
        // Stripe (#16): the keys are Key Vault references, resolved with the identity. While payments are off the
        // secrets may not exist; the app reads the keys only when Payments__Enabled is true.
        {
          name: 'Payments__Enabled'
          value: paymentsEnabled
        }
        {
          name: 'Payments__SecretKey'
          value: '@Microsoft.KeyVault(SecretUri=${stripeApiKeyUri})'
        }
        {
          name: 'Payments__WebhookSecret'
          value: '@Microsoft.KeyVault(SecretUri=${stripeWebhookSigningKeyUri})'
        }
      ]
      // ============================================ end of app settings ============================================
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No FTP or basic-auth publishing: azd deploys with an Entra token.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
