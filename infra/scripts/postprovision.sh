#!/bin/sh
# azd postprovision hook (azure.yaml): the new link-signing key, if preprovision made one, is in Key Vault now;
# remove the copy from the azd environment (.azure/<env>/.env) so it is not left on this machine.
set -eu
azd env set LINK_SIGNING_KEY_NEW ""
