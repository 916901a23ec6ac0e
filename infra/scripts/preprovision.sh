#!/bin/sh
# azd preprovision hook (azure.yaml): makes sure the deployment creates the link-signing key exactly once.
#
# It asks Azure Resource Manager (control plane: needs only read access to the resource group, never the key itself)
# whether this environment's Key Vault already holds the secret link-signing-key.
#   * It does: LINK_SIGNING_KEY_NEW is emptied and Bicep leaves the secret alone (links already emailed stay valid).
#   * It does not (first provision, or the vault was deleted and purged): a new 384-bit key goes into the azd
#     environment value LINK_SIGNING_KEY_NEW; main.parameters.json passes it to Bicep, which stores it in Key Vault;
#     postprovision.sh empties the value again.
#   * A soft-deleted vault of this environment (after `azd down` without --purge) would block the deployment with a
#     name conflict: the hook stops and says how to recover or purge it.
#   * Anything else it cannot check (not signed in, no permission): it stops, rather than replace a key.
# Needs the Azure CLI signed in to the same tenant as azd (`az login`). See docs/deploying.md.
set -eu

: "${AZURE_ENV_NAME:?azd sets AZURE_ENV_NAME}"
: "${AZURE_SUBSCRIPTION_ID:?run azd env set AZURE_SUBSCRIPTION_ID <id>, or let azd ask for it}"
: "${AZURE_LOCATION:?run azd env set AZURE_LOCATION uksouth, or let azd ask for it}"

script_dir=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# Must match main.bicep: '${abbrs.resourcesResourceGroups}${environmentName}'.
resource_group="rg-${AZURE_ENV_NAME}"
secret_name=link-signing-key

if ! command -v az >/dev/null 2>&1; then
  echo "preprovision: the Azure CLI (az) is needed to check the link-signing key; install it and run az login." >&2
  exit 1
fi
if ! az account show --subscription "$AZURE_SUBSCRIPTION_ID" --output none 2>/dev/null; then
  echo "preprovision: the Azure CLI is not signed in to subscription $AZURE_SUBSCRIPTION_ID; run az login (same account as azd)." >&2
  exit 1
fi

vault=""
if [ "$(az group exists --subscription "$AZURE_SUBSCRIPTION_ID" --name "$resource_group")" = "true" ]; then
  vault=$(az keyvault list --subscription "$AZURE_SUBSCRIPTION_ID" --resource-group "$resource_group" \
    --query "[?tags.\"azd-env-name\"=='${AZURE_ENV_NAME}'].name | [0]" --output tsv)
fi

if [ -z "$vault" ]; then
  deleted=$(az keyvault list-deleted --subscription "$AZURE_SUBSCRIPTION_ID" --resource-type vault \
    --query "[?properties.tags.\"azd-env-name\"=='${AZURE_ENV_NAME}' && properties.location=='${AZURE_LOCATION}'].name | [0]" --output tsv)
  if [ -n "$deleted" ]; then
    cat >&2 <<MESSAGE
preprovision: Key Vault '$deleted' of environment '$AZURE_ENV_NAME' is soft-deleted (azd down without --purge).
Its name is reserved for 90 days, so this deployment would fail. Either
  recover it (keeps the old link-signing key; the resource group must exist):
    az group create --subscription $AZURE_SUBSCRIPTION_ID --name $resource_group --location $AZURE_LOCATION
    az keyvault recover --subscription $AZURE_SUBSCRIPTION_ID --name $deleted
  or purge it (a new key is made; old emailed links stop working):
    az keyvault purge --subscription $AZURE_SUBSCRIPTION_ID --name $deleted --location $AZURE_LOCATION
then run azd provision (or azd up) again. Next time use: azd down --purge
MESSAGE
    exit 1
  fi
fi

if [ -n "$vault" ]; then
  errors=$(mktemp)
  trap 'rm -f "$errors"' EXIT
  if az resource show --ids "/subscriptions/$AZURE_SUBSCRIPTION_ID/resourceGroups/$resource_group/providers/Microsoft.KeyVault/vaults/$vault/secrets/$secret_name" \
      --query id --output none 2>"$errors"; then
    echo "preprovision: Key Vault $vault already holds $secret_name; keeping it."
    azd env set LINK_SIGNING_KEY_NEW ""
    exit 0
  fi
  if ! grep -q -E "ResourceNotFound|NotFound|was not found" "$errors"; then
    cat "$errors" >&2
    echo "preprovision: could not check whether $vault holds $secret_name; stopping rather than replacing the key." >&2
    exit 1
  fi
fi

echo "preprovision: no $secret_name yet; generating a new 384-bit key, which this provision stores in Key Vault."
azd env set LINK_SIGNING_KEY_NEW "$("$script_dir/new-link-signing-key.sh")"
