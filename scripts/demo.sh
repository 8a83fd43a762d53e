#!/usr/bin/env bash
# `npm run demo`: bring the two-node lab up (installing what it needs) and open hapilot on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash lab/lab.sh up
[ -f dist/cli.js ] || npm run -s build
exec node dist/cli.js --cluster .lab/cluster.yaml "$@"
