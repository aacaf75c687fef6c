#!/usr/bin/env bash
# The benchmarks (not tests), written into docs/BENCHMARKS.md with the machine and the date:
# no arguments: the engine (durable steps/s, per-step p50/p99); --bootstrap: the bootstrap runbook on
# fresh labs (root); --server: wrk against the run-start endpoint of a real cw-server; --validate: cw validate
# on hostile runbooks (wall time and peak memory under GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The server benchmark drives the API with wrk (Debian).
if [[ " $* " == *" --server "* ]] && ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y -qq wrk >/dev/null
fi
if [[ " $* " == *" --validate "* ]] && [ ! -x /usr/bin/time ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y -qq time >/dev/null
fi
dotnet run -c Release --project tests/ClusterWorkflows.Benchmarks -- --out docs/BENCHMARKS.md "$@"
