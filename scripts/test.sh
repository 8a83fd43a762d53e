#!/usr/bin/env bash
# `npm test`: everything from a fresh clone. Installs what is missing (npm packages, the lab's
# Debian packages), brings the lab up or reuses a running one, type-checks, checks format and lint
# (Biome), builds, runs unit, integration and end-to-end tests, and leaves the machine as it found it
# (a lab it started is taken down).
# The tests on the lab run on two labs side by side (two shards), each one file at a time: they
# wait on real timeouts far more than they compute, so two labs halve the wall time on 2 cores.
# HAPILOT_TEST_SHARDS=1 runs them all on one lab.
# Ends with one plain line CI can read:  "hapilot tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
export PATH="$REPO/node_modules/.bin:$PATH"
START=$(date +%s)

say() { printf '\n==> [%ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }

# 1. npm packages, with the pinned Node 24 (node_modules/.bin/node).
if [ ! -x node_modules/.bin/tsx ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund || exit 1
fi
say "runtime: $(node --version) ($(command -v node))"

# A lab number (subnet 198.18.N.0/24, its own bridge and namespaces) that no other checkout holds:
# CI may run on a machine where a developer's lab, or another run's, is up.
free_lab_net() { # free_lab_net STATE_DIR [SKIP]
  local n
  for n in $(seq 0 250); do
    [ "$n" = "${2:-}" ] && continue
    case "$(HAPILOT_LAB_STATE=$1 HAPILOT_LAB_NET=$n bash lab/lab.sh owner)" in
      free | mine) echo "$n"; return 0 ;;
    esac
  done
  return 1
}

# 2. the lab (as root; its own script installs the Debian packages it needs).
if [ -z "${HAPILOT_LAB_NET:-}" ] && [ ! -f .lab/net ]; then
  HAPILOT_LAB_NET=$(free_lab_net "$REPO/.lab") || { echo "no free lab number" >&2; exit 1; }
  export HAPILOT_LAB_NET
  [ "$HAPILOT_LAB_NET" = 0 ] || say "lab number 0 is held by another checkout: using $HAPILOT_LAB_NET"
fi
LAB1_NET=${HAPILOT_LAB_NET:-$(cat .lab/net 2>/dev/null || echo 0)}
SHARDS=${HAPILOT_TEST_SHARDS:-2}
LAB2_STATE=$REPO/.lab-2
lab_was_up=0
lab2_was_up=0
if bash lab/lab.sh status >/dev/null 2>&1; then lab_was_up=1; fi
if HAPILOT_LAB_STATE=$LAB2_STATE bash lab/lab.sh status >/dev/null 2>&1; then lab2_was_up=1; fi
lab2_pid=
cleanup() {
  [ -n "$lab2_pid" ] && kill "$lab2_pid" 2>/dev/null && wait "$lab2_pid" 2>/dev/null
  if [ "${HAPILOT_KEEP_LAB:-}" != 1 ]; then
    if [ "$lab_was_up" = 0 ]; then say "taking down the lab this run started"; bash lab/lab.sh down; fi
    # Also when it failed to come up and the run fell back to one lab: half a lab is still a lab.
    if [ "${HAPILOT_TEST_SHARDS:-2}" = 2 ] && [ "$lab2_was_up" = 0 ] && [ -d "$LAB2_STATE" ]; then
      say "taking down the second lab this run started"
      HAPILOT_LAB_STATE=$LAB2_STATE bash lab/lab.sh down
    fi
  fi
}
trap cleanup EXIT
say "lab"
bash lab/lab.sh up || exit 1
# The second lab boots while the checks, the build and the unit tests run (packages are installed
# by now, so the two never race for apt).
lab2_log=$(mktemp)
if [ "$SHARDS" = 2 ]; then
  if LAB2_NET=$(cat "$LAB2_STATE/net" 2>/dev/null || free_lab_net "$LAB2_STATE" "$LAB1_NET"); then
    say "second lab (number $LAB2_NET, state $LAB2_STATE) starting in the background"
    HAPILOT_LAB_STATE=$LAB2_STATE HAPILOT_LAB_NET=$LAB2_NET bash lab/lab.sh up >"$lab2_log" 2>&1 &
    lab2_pid=$!
  else
    say "no free number for a second lab: every lab test runs on the first"
    SHARDS=1
  fi
fi

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

# 4. tests. A test that hangs fails after its timeout instead of holding CI until it is killed.
results=$(mktemp)
run_suite() { # run_suite NAME CONCURRENCY TIMEOUT_MS FILE-OR-GLOB...
  local name=$1 conc=$2 timeout=$3
  shift 3
  tsx --test --test-concurrency="$conc" --test-timeout="$timeout" --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$results.$name" "$@"
}
rc=0
say "unit tests"
run_suite unit 2 120000 'test/unit/**/*.test.ts' 'test/unit/**/*.test.tsx' || rc=1

if [ -n "$lab2_pid" ]; then
  say "waiting for the second lab"
  if ! wait "$lab2_pid"; then
    cat "$lab2_log"
    say "the second lab did not come up (above): every lab test runs on the first"
    SHARDS=1
  fi
  lab2_pid=
fi

# The files that use the lab (integration, then end-to-end), spread over the shards by how long
# each took in a quiet run (seconds; a file not listed counts 20), the longest first.
declare -A WEIGHT=(
  [test/integration/ops/failover.test.ts]=300 [test/integration/lab-profiles.test.ts]=250
  [test/integration/ops/guards.test.ts]=90 [test/integration/ops/resume.test.ts]=90
  [test/integration/assessment.test.ts]=150 [test/integration/lab-lifecycle.test.ts]=60
  [test/integration/ops/switchover.test.ts]=60 [test/e2e/console.test.ts]=60
  [test/e2e/console-switchover.test.ts]=100 [test/integration/probes/session.test.ts]=60
  [test/integration/ops/kill-resume.test.ts]=120
)
mapfile -t lab_files < <(ls test/integration/*.test.ts test/integration/*/*.test.ts test/e2e/*.test.ts 2>/dev/null |
  while read -r f; do echo "${WEIGHT[$f]:-20} $f"; done | sort -rn | cut -d' ' -f2)
shard1=() shard2=() load1=0 load2=0
for f in "${lab_files[@]}"; do
  w=${WEIGHT[$f]:-20}
  if [ "$SHARDS" = 1 ] || [ $load1 -le $load2 ]; then shard1+=("$f"); load1=$((load1 + w)); else shard2+=("$f"); load2=$((load2 + w)); fi
done
if [ "$SHARDS" = 1 ]; then
  say "tests on the lab (${#shard1[@]} files, one at a time)"
  run_suite lab 1 900000 "${shard1[@]}" || rc=1
else
  say "tests on the lab: ${#shard1[@]} files on lab $LAB1_NET and ${#shard2[@]} on lab $LAB2_NET, side by side (lines tagged [lab N])"
  ( run_suite lab1 1 900000 "${shard1[@]}" 2>&1 | sed -u "s/^/[lab $LAB1_NET] /" ) &
  p1=$!
  ( export HAPILOT_LAB_STATE=$LAB2_STATE HAPILOT_LAB_NET=$LAB2_NET
    run_suite lab2 1 900000 "${shard2[@]}" 2>&1 | sed -u "s/^/[lab $LAB2_NET] /" ) &
  p2=$!
  wait $p1 || rc=1
  wait $p2 || rc=1
fi

# 5. one closing line for CI, summed over the suites from their TAP summaries.
count() { cat "$results".* 2>/dev/null | awk -v k="# $1" '$1" "$2 == k { n += $3 } END { print n + 0 }'; }
passed=$(count pass); failed=$(count fail); skipped=$(( $(count skipped) + $(count todo) ))
rm -f "$results" "$results".* "$lab2_log"
echo
[ "$typecheck" = ok ] || echo "hapilot typecheck: FAILED (see above)"
[ "$lint" = ok ] || echo "hapilot format and lint: FAILED (see above; npm run format fixes formatting)"
echo "hapilot suite time: $(( $(date +%s) - START ))s"
echo "hapilot tests: $passed passed, $failed failed, $skipped skipped"
[ "$typecheck" = ok ] && [ "$lint" = ok ] && [ "$failed" = 0 ] && [ "$rc" = 0 ] && [ "$passed" -gt 0 ]
