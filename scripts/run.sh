#!/usr/bin/env bash
# The main job: sets up, builds, and runs the engine on its embedded SQLite default
# ($CW_HOME, default ~/.clusterworkflows). With no arguments it starts a worker that executes
# runs (new, interrupted, due timers) until Ctrl+C; any arguments are passed to `cw`
# (e.g. scripts/run.sh run workflows/examples/hello.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
bash scripts/setup.sh
dotnet build src/ClusterWorkflows.Cli -c Release -nologo -clp:ErrorsOnly -o artifacts/cw >/dev/null
if [ "$#" -eq 0 ]; then
  set -- worker
fi
exec dotnet artifacts/cw/cw.dll "$@"
