#!/usr/bin/env bash
# The engine benchmark (not a test): durable no-op steps/s and per-step p50/p99 on SQLite,
# written into docs/BENCHMARKS.md with the machine and the date.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet run -c Release --project tests/ClusterWorkflows.Benchmarks -- --out docs/BENCHMARKS.md "$@"
