#!/bin/sh
# Rotates the link-signing key (docs/deploying.md, "Rotating the link-signing key").
#
#   infra/scripts/rotate-link-signing-key.sh start    new key; links signed with the old one keep working
#   infra/scripts/rotate-link-signing-key.sh finish   stop accepting the old key
#   infra/scripts/rotate-link-signing-key.sh replace  new key at once, old links stop working (a leaked key, or an
#                                                     environment still on the 15-character key azd used to make)
#
# Who can run it: anyone who can run `azd provision` for the environment (Contributor on its resource group). The new
# key is written as a new VERSION of the secret link-signing-key through Azure Resource Manager (control plane), the same
# way the deployment creates it: nobody needs a Key Vault data role and nobody ever sees a key. The version it
# replaces stays in Key Vault and the app keeps accepting it (Links__PreviousSigningKey, a Key Vault reference to that
# version) until `finish`. Needs azd and the Azure CLI, both signed in, run from the repository root.
set -eu

action=${1:-}
script_dir=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
api_version=2024-11-01

value() { azd env get-value "$1" 2>/dev/null || true; }

case "$action" in
  start|replace)
    subscription=$(value AZURE_SUBSCRIPTION_ID)
    resource_group=$(value AZURE_RESOURCE_GROUP)
    vault=$(value AZURE_KEY_VAULT_NAME)
    if [ -z "$subscription" ] || [ -z "$resource_group" ] || [ -z "$vault" ]; then
      echo "rotate: AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP or AZURE_KEY_VAULT_NAME is missing; run azd env refresh first." >&2
      exit 1
    fi
    if [ "$action" = start ] && [ -n "$(value LINK_SIGNING_KEY_PREVIOUS_VERSION)" ]; then
      echo "rotate: a rotation is already in progress; run '$0 finish' first (links signed two keys ago would stop working)." >&2
      exit 1
    fi
    secret_id="/subscriptions/$subscription/resourceGroups/$resource_group/providers/Microsoft.KeyVault/vaults/$vault/secrets/link-signing-key"
    current=$(az resource show --ids "$secret_id" --api-version "$api_version" --query properties.secretUriWithVersion --output tsv)
    previous_version=${current##*/}
    if [ -z "$previous_version" ]; then
      echo "rotate: could not read the current version of link-signing-key." >&2
      exit 1
    fi

    # The body holds the key: a private temporary file, never a command-line argument.
    body=$(mktemp)
    trap 'rm -f "$body"' EXIT
    chmod 600 "$body"
    printf '{"properties":{"value":"%s","contentType":"text/plain"}}' "$("$script_dir/new-link-signing-key.sh")" > "$body"
    az rest --method put --url "https://management.azure.com${secret_id}?api-version=${api_version}" --body "@$body" --output none
    rm -f "$body"

    if [ "$action" = start ]; then
      azd env set LINK_SIGNING_KEY_PREVIOUS_VERSION "$previous_version"
      echo "rotate: new key stored; the old one (version $previous_version) stays accepted. Applying the app settings..."
    else
      azd env set LINK_SIGNING_KEY_PREVIOUS_VERSION ""
      echo "rotate: new key stored; the old one is no longer accepted. Applying the app settings..."
    fi
    azd provision
    ;;
  finish)
    azd env set LINK_SIGNING_KEY_PREVIOUS_VERSION ""
    echo "rotate: the old key is no longer accepted. Applying the app settings..."
    azd provision
    ;;
  *)
    echo "usage: $0 start|finish|replace" >&2
    exit 2
    ;;
esac
