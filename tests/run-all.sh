#!/usr/bin/env bash
# Runs every test project in the solution against one real Azurite and one real maildev, started here on free
# 127.0.0.1 ports and stopped afterwards, then prints one line: "N passed, N failed, N skipped".
# Usage: bash tests/run-all.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Booking]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ ! -f node_modules/azurite/dist/src/azurite.js || ! -f node_modules/maildev/dist/bin/maildev.js ]]; then
  npm ci --no-audit --no-fund
fi
# The browser tests drive the machine's own Chromium (Playwright never downloads one); install Debian's if missing.
if [[ -z "${HBH_CHROMIUM:-}" && ! -x /usr/bin/chromium ]]; then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install -y chromium' (or set HBH_CHROMIUM) so the browser tests can run." >&2
  fi
fi
dotnet restore HappyBabyHive.sln
dotnet build HappyBabyHive.sln --no-restore

work="$(mktemp -d)"
pids=()
stop_servers() {
  # Stop only the processes we started, by pid. Azurite can take seconds to exit on SIGTERM: wait, then kill hard.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap stop_servers EXIT

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
wait_for_port() {
  for _ in $(seq 1 300); do
    if node -e "require('net').connect($1,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"; then return 0; fi
    sleep 0.2
  done
  echo "Nothing listened on port $1 in time" >&2
  return 1
}

blob=$(free_port); queue=$(free_port); table=$(free_port); smtp=$(free_port); web=$(free_port)
node node_modules/azurite/dist/src/azurite.js --silent --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort "$blob" --queuePort "$queue" --tablePort "$table" >"$work/azurite.log" 2>&1 &
pids+=($!)
node node_modules/maildev/dist/bin/maildev.js --smtp "$smtp" --web "$web" --ip 127.0.0.1 --web-ip 127.0.0.1 --silent >"$work/maildev.log" 2>&1 &
pids+=($!)
for port in "$table" "$queue" "$blob" "$smtp" "$web"; do wait_for_port "$port"; done

key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export HBH_TEST_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
export HBH_TEST_SMTP_PORT="$smtp"
export HBH_TEST_MAILDEV_URL="http://127.0.0.1:$web/"

# One project at a time, each with its own results folder (parallel runs can overwrite each other's TRX files).
status=0
for project in $(dotnet sln HappyBabyHive.sln list | grep -E '^tests/.*Tests\.csproj$' | sort); do
  name="$(basename "$project" .csproj)"
  # A test still running after 10 minutes is stopped and named, so a hang fails the run instead of eating CI's
  # whole time limit (docs/testing.md, "Clocks"); the slowest single test takes about 3 minutes on a busy machine.
  dotnet test "$project" --no-build --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    --results-directory "$work/results/$name" "$@" || status=$?
done

passed=0; failed=0; skipped=0
for trx in "$work"/results/*/*.trx; do
  [[ -f "$trx" ]] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(attr passed)))
  failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
  skipped=$((skipped + $(attr notExecuted)))
done
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi  # a crash or build break counts as a failure
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
