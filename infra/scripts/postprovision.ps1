# azd postprovision hook for Windows (azure.yaml): removes the new link-signing key, if preprovision made one, from the
# azd environment (.azure/<env>/.env); it is in Key Vault now.
$ErrorActionPreference = 'Stop'
azd env set LINK_SIGNING_KEY_NEW ''
if ($LASTEXITCODE -ne 0) { throw 'postprovision: azd env set failed.' }
