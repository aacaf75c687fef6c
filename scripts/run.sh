#!/usr/bin/env bash
# The main job: sets up, builds and starts the ClusterWorkflows server on its embedded SQLite
# default ($CW_HOME, default ~/.clusterworkflows): the REST API, HTTP triggers, live events and
# the API docs and the designer (web UI) on http://127.0.0.1:8080 (ASPNETCORE_URLS to change), the engine's workers and
# scheduler, and the runbooks of workflows/ loaded (and re-loaded on change). The first start
# writes an admin API token to $CW_HOME/admin.token.
# With arguments it runs `cw` instead (e.g. scripts/run.sh run workflows/examples/hello.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
bash scripts/setup.sh
dotnet build src/ClusterWorkflows.Cli -c Release -nologo -clp:ErrorsOnly -o artifacts/cw >/dev/null
if [ "$#" -gt 0 ]; then
  exec dotnet artifacts/cw/cw.dll "$@"
fi
dotnet build src/ClusterWorkflows.Server -c Release -nologo -clp:ErrorsOnly -o artifacts/server >/dev/null
bash scripts/designer.sh build >/dev/null
export CW_WORKFLOWS="${CW_WORKFLOWS:-$PWD/workflows}"
export CW_UI="${CW_UI:-$PWD/src/ClusterWorkflows.Designer/dist}"
exec dotnet artifacts/server/cw-server.dll
