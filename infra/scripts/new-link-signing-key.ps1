# Prints a new link-signing key: 48 random bytes from the .NET CSPRNG, base64 (64 characters, 384 bits).
# The PowerShell twin of new-link-signing-key.sh (PowerShell 7+).
$ErrorActionPreference = 'Stop'
[Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(48))
