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
@description('A new link-signing key; empty leaves the secret as it is (see main.bicep for how it is generated).')
param newLinkSigningKey string = ''

@secure()
@description('A new Stripe secret key; empty leaves the secret as it is (or absent, while payments are off).')
param newStripeSecretKey string = ''

@secure()
@description('A new signing secret of the Stripe webhook endpoint; empty leaves the secret as it is.')
param newStripeWebhookSecret string = ''

resource vault 'Microsoft.KeyVault/vaults@2026-02-01' = {
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

// Created only when the preprovision hook found no secret: an existing key is never overwritten by a deployment.
resource linkSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = if (!empty(newLinkSigningKey)) {
  parent: vault
  name: 'link-signing-key'
  properties: {
    value: newLinkSigningKey
    contentType: 'text/plain'
    attributes: {
      enabled: true
    }
  }
}

// Stripe (#16): written only when given, like the link-signing key, so a provision without them changes nothing.
resource stripeSecretKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = if (!empty(newStripeSecretKey)) {
  parent: vault
  name: 'stripe-secret-key'
  properties: {
    value: newStripeSecretKey
    contentType: 'text/plain'
    attributes: {
      enabled: true
    }
  }
}

resource stripeWebhookSecretSecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = if (!empty(newStripeWebhookSecret)) {
  parent: vault
  name: 'stripe-webhook-secret'
  properties: {
    value: newStripeWebhookSecret
    contentType: 'text/plain'
    attributes: {
      enabled: true
    }
  }
}

output name string = vault.name
output vaultUri string = vault.properties.vaultUri
// Versionless URI (built, because the secret is not declared when it already exists): the app always gets the current
// version of the secret, within 24 hours of a rotation or at once on the next provision.
output linkSigningKeyUri string = '${vault.properties.vaultUri}secrets/link-signing-key'
// Versionless, like the link-signing key: a key replaced on a later provision reaches the app without a code change.
output stripeApiKeyUri string = '${vault.properties.vaultUri}secrets/stripe-secret-key'
output stripeWebhookSigningKeyUri string = '${vault.properties.vaultUri}secrets/stripe-webhook-secret'
