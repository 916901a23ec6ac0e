#!/bin/sh
# Prints a new link-signing key: 48 random bytes from OpenSSL's CSPRNG, base64 (64 characters, 384 bits), no newline.
# Used by preprovision.sh and rotate-link-signing-key.sh; the infra tests run it and give its output to the app's
# options validation, so what the deployment generates is always a key the app accepts.
set -eu
openssl rand -base64 48 | tr -d '\n'
