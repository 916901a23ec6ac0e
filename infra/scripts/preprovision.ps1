# azd preprovision hook for Windows (azure.yaml): the PowerShell twin of preprovision.sh; read that file for the why.
# Makes sure the deployment creates the 384-bit link-signing key exactly once, checking through Azure Resource Manager
# only (the deployer never reads the key). Needs PowerShell 7 and the Azure CLI signed in (az login).
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

foreach ($name in 'AZURE_ENV_NAME', 'AZURE_SUBSCRIPTION_ID', 'AZURE_LOCATION') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "preprovision: $name is not set in the azd environment." }
}
$envName = $env:AZURE_ENV_NAME
$subscription = $env:AZURE_SUBSCRIPTION_ID
$location = $env:AZURE_LOCATION
# Must match main.bicep: '${abbrs.resourcesResourceGroups}${environmentName}'.
$resourceGroup = "rg-$envName"
$secretName = 'link-signing-key'

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    throw 'preprovision: the Azure CLI (az) is needed to check the link-signing key; install it and run az login.'
}
az account show --subscription $subscription --output none 2>$null
if ($LASTEXITCODE -ne 0) { throw "preprovision: the Azure CLI is not signed in to subscription $subscription; run az login." }

$vault = ''
if ((az group exists --subscription $subscription --name $resourceGroup) -eq 'true') {
    $vault = az keyvault list --subscription $subscription --resource-group $resourceGroup `
        --query "[?tags.\`"azd-env-name\`"=='$envName'].name | [0]" --output tsv
    if ($LASTEXITCODE -ne 0) { throw 'preprovision: could not list the Key Vaults of the resource group.' }
}

if (-not $vault) {
    $deleted = az keyvault list-deleted --subscription $subscription --resource-type vault `
        --query "[?properties.tags.\`"azd-env-name\`"=='$envName' && properties.location=='$location'].name | [0]" --output tsv
    if ($LASTEXITCODE -ne 0) { throw 'preprovision: could not list soft-deleted Key Vaults.' }
    if ($deleted) {
        throw @"
preprovision: Key Vault '$deleted' of environment '$envName' is soft-deleted (azd down without --purge).
Its name is reserved for 90 days, so this deployment would fail. Either
  recover it (keeps the old link-signing key; the resource group must exist):
    az group create --subscription $subscription --name $resourceGroup --location $location
    az keyvault recover --subscription $subscription --name $deleted
  or purge it (a new key is made; old emailed links stop working):
    az keyvault purge --subscription $subscription --name $deleted --location $location
then run azd provision (or azd up) again. Next time use: azd down --purge
"@
    }
}

if ($vault) {
    $secretId = "/subscriptions/$subscription/resourceGroups/$resourceGroup/providers/Microsoft.KeyVault/vaults/$vault/secrets/$secretName"
    $errors = az resource show --ids $secretId --query id --output none 2>&1
    if ($LASTEXITCODE -eq 0) {
        Write-Host "preprovision: Key Vault $vault already holds $secretName; keeping it."
        azd env set LINK_SIGNING_KEY_NEW ''
        exit 0
    }
    if (-not ("$errors" -match 'ResourceNotFound|NotFound|was not found')) {
        Write-Error "$errors"
        throw "preprovision: could not check whether $vault holds $secretName; stopping rather than replacing the key."
    }
}

Write-Host "preprovision: no $secretName yet; generating a new 384-bit key, which this provision stores in Key Vault."
azd env set LINK_SIGNING_KEY_NEW (& (Join-Path $PSScriptRoot 'new-link-signing-key.ps1'))
if ($LASTEXITCODE -ne 0) { throw 'preprovision: azd env set failed.' }
