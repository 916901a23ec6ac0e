// Key Vault holding the app's secrets, with Azure RBAC (no access policies). The function app reads secrets through
// Key Vault references using its user-assigned identity (Key Vault Secrets User, see rbac.bicep).
//
// Purge protection is left off on purpose: with it, `azd down --purge` could not remove the vault and the same name
// could not be reused for 90 days. Soft delete (90 days) still protects against accidental deletion.

@description('Name of the vault (3 to 24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the vault.')
param tags { *: string }

@secure()
@description('Key the app uses to sign links in emails (see main.bicep for how it is generated).')
param linkSigningKey string

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Enabled'
  }
}

resource linkSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'link-signing-key'
  properties: {
    value: linkSigningKey
    contentType: 'text/plain'
    attributes: {
      enabled: true
    }
  }
}

output name string = vault.name
// Versionless URI: the app always gets the current version of the secret.
output linkSigningKeyUri string = linkSigningKeySecret.properties.secretUri
