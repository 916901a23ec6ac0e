# Rotates the link-signing key: the PowerShell twin of rotate-link-signing-key.sh (read it for the why).
#   ./infra/scripts/rotate-link-signing-key.ps1 start    new key; links signed with the old one keep working
#   ./infra/scripts/rotate-link-signing-key.ps1 finish   stop accepting the old key
#   ./infra/scripts/rotate-link-signing-key.ps1 replace  new key at once; old links stop working
# Needs PowerShell 7, azd and the Azure CLI (both signed in); Contributor on the environment's resource group.
param(
    [Parameter(Mandatory)]
    [ValidateSet('start', 'finish', 'replace')]
    [string] $Action
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$apiVersion = '2024-11-01'

function Get-AzdValue([string] $name) {
    $value = azd env get-value $name 2>$null
    if ($LASTEXITCODE -ne 0) { return '' }
    return "$value"
}

if ($Action -eq 'finish') {
    azd env set LINK_SIGNING_KEY_PREVIOUS_VERSION ''
    Write-Host 'rotate: the old key is no longer accepted. Applying the app settings...'
    azd provision
    exit $LASTEXITCODE
}

$subscription = Get-AzdValue 'AZURE_SUBSCRIPTION_ID'
$resourceGroup = Get-AzdValue 'AZURE_RESOURCE_GROUP'
$vault = Get-AzdValue 'AZURE_KEY_VAULT_NAME'
if (-not $subscription -or -not $resourceGroup -or -not $vault) {
    throw 'rotate: AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP or AZURE_KEY_VAULT_NAME is missing; run azd env refresh first.'
}
if ($Action -eq 'start' -and (Get-AzdValue 'LINK_SIGNING_KEY_PREVIOUS_VERSION')) {
    throw 'rotate: a rotation is already in progress; run finish first (links signed two keys ago would stop working).'
}

$secretId = "/subscriptions/$subscription/resourceGroups/$resourceGroup/providers/Microsoft.KeyVault/vaults/$vault/secrets/link-signing-key"
$current = az resource show --ids $secretId --api-version $apiVersion --query properties.secretUriWithVersion --output tsv
if ($LASTEXITCODE -ne 0 -or -not $current) { throw 'rotate: could not read the current version of link-signing-key.' }
$previousVersion = ($current -split '/')[-1]

# The body holds the key: a temporary file readable only by this user, never a command-line argument.
$body = New-TemporaryFile
try {
    if (-not $IsWindows) { chmod 600 $body.FullName }
    $key = & (Join-Path $PSScriptRoot 'new-link-signing-key.ps1')
    @{ properties = @{ value = $key; contentType = 'text/plain' } } | ConvertTo-Json -Compress | Set-Content -NoNewline -Path $body.FullName
    az rest --method put --url "https://management.azure.com$($secretId)?api-version=$apiVersion" --body "@$($body.FullName)" --output none
    if ($LASTEXITCODE -ne 0) { throw 'rotate: writing the new key failed; nothing changed.' }
}
finally {
    Remove-Item $body.FullName -Force
}

if ($Action -eq 'start') {
    azd env set LINK_SIGNING_KEY_PREVIOUS_VERSION $previousVersion
    Write-Host "rotate: new key stored; the old one (version $previousVersion) stays accepted. Applying the app settings..."
}
else {
    azd env set LINK_SIGNING_KEY_PREVIOUS_VERSION ''
    Write-Host 'rotate: new key stored; the old one is no longer accepted. Applying the app settings...'
}
azd provision
exit $LASTEXITCODE
