#!/usr/bin/env bash
# The benchmarks (not tests), written into docs/BENCHMARKS.md with the machine and the date:
# no arguments: the engine (durable steps/s, per-step p50/p99); --bootstrap: the bootstrap runbook on
# fresh labs (root); --server: wrk against the run-start endpoint of a real cw-server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The server benchmark drives the API with wrk (Debian).
if [[ " $* " == *" --server "* ]] && ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y -qq wrk >/dev/null
fi
dotnet run -c Release --project tests/ClusterWorkflows.Benchmarks -- --out docs/BENCHMARKS.md "$@"
