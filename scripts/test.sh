#!/usr/bin/env bash
# `npm test`: everything from a fresh clone. Installs what is missing (npm packages, the lab's
# Debian packages), brings the lab up or reuses a running one, type-checks, checks format and lint (Biome), builds, runs unit, integration and
# end-to-end tests, and leaves the machine as it found it (a lab it started is taken down).
# Ends with one plain line CI can read:  "hapilot tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
export PATH="$REPO/node_modules/.bin:$PATH"

say() { printf '\n==> %s\n' "$*"; }

# 1. npm packages, with the pinned Node 24 (node_modules/.bin/node).
if [ ! -x node_modules/.bin/tsx ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund || exit 1
fi
say "runtime: $(node --version) ($(command -v node))"

# 2. the lab (as root; its own script installs the Debian packages it needs).
# Another checkout may hold a lab on this machine (a developer's, another CI run's): unless told
# which number to use, or this checkout already has one, take the first number nobody else holds.
if [ -z "${HAPILOT_LAB_NET:-}" ] && [ ! -f .lab/net ]; then
  for n in $(seq 0 250); do
    case "$(HAPILOT_LAB_NET=$n bash lab/lab.sh owner)" in
      free | mine) export HAPILOT_LAB_NET=$n; break ;;
    esac
  done
  [ "${HAPILOT_LAB_NET:-0}" = 0 ] || say "lab number 0 is held by another checkout: using $HAPILOT_LAB_NET"
fi
lab_was_up=0
if bash lab/lab.sh status >/dev/null 2>&1; then lab_was_up=1; fi
cleanup() {
  if [ "$lab_was_up" = 0 ] && [ "${HAPILOT_KEEP_LAB:-}" != 1 ]; then
    say "taking down the lab this run started"
    bash lab/lab.sh down
  fi
}
trap cleanup EXIT
say "lab"
bash lab/lab.sh up || exit 1

# 3. type-check (the build below is esbuild's, which does not check types), then build (dist/ is
# what `hapilot` runs and what the end-to-end tests and the benchmarks time).
say "typecheck"
typecheck=ok
npm run -s typecheck || typecheck=FAILED
# Format and lint (Biome): a file that is not formatted, or a lint error, fails the run like a test.
say "format and lint"
lint=ok
npm run -s lint || lint=FAILED
say "build"
npm run -s build || exit 1

# 4. tests. Unit tests run in parallel; tests on the lab run one file at a time (they share it).
results=$(mktemp)
run_suite() { # run_suite NAME CONCURRENCY GLOB...
  local name=$1 conc=$2
  shift 2
  say "$name tests"
  tsx --test --test-concurrency="$conc" --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$results.$name" "$@"
}
rc=0
run_suite unit 2 'test/unit/**/*.test.ts' 'test/unit/**/*.test.tsx' || rc=1
run_suite integration 1 'test/integration/**/*.test.ts' || rc=1
if compgen -G 'test/e2e/*.test.ts' >/dev/null; then run_suite e2e 1 'test/e2e/**/*.test.ts' || rc=1; fi

# 5. one closing line for CI, summed over the suites from their TAP summaries.
count() { cat "$results".* 2>/dev/null | awk -v k="# $1" '$1" "$2 == k { n += $3 } END { print n + 0 }'; }
passed=$(count pass); failed=$(count fail); skipped=$(( $(count skipped) + $(count todo) ))
rm -f "$results" "$results".*
echo
[ "$typecheck" = ok ] || echo "hapilot typecheck: FAILED (see above)"
[ "$lint" = ok ] || echo "hapilot format and lint: FAILED (see above; npm run format fixes formatting)"
echo "hapilot tests: $passed passed, $failed failed, $skipped skipped"
[ "$typecheck" = ok ] && [ "$lint" = ok ] && [ "$failed" = 0 ] && [ "$rc" = 0 ] && [ "$passed" -gt 0 ]
