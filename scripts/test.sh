#!/usr/bin/env bash
# Runs the whole test suite: installs dependencies, builds, runs every test project, and prints
# one summary line "N passed, N failed, N skipped" computed from the TRX result files.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
RESULTS="$ROOT/TestResults"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash scripts/setup.sh || exit 2
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

if ! dotnet build ClusterWorkflows.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
# The designer's files, served by the server in the browser tests.
if ! bash scripts/designer.sh build; then
  echo "designer build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# Projects run one after another (2 cores; several tests start real processes and servers).
status=0
for project in tests/*.Tests/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  echo "== $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" \
    --logger "console;verbosity=minimal" -- RunConfiguration.TreatNoTestsAsError=true || status=1
done

# The designer's unit tests (Vitest), reported as JUnit XML next to the TRX files.
if [ -f src/ClusterWorkflows.Designer/package.json ]; then
  echo "== ClusterWorkflows.Designer (vitest)"
  bash scripts/designer.sh test || status=1
fi

passed=0; failed=0; skipped=0; total=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  get() { echo "$counters" | grep -o "$1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$((total + $(get total)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done

for junit in "$RESULTS"/*.junit.xml; do
  [ -f "$junit" ] || continue
  suites="$(grep -o '<testsuites [^>]*>' "$junit" | head -1)"
  jget() { echo "$suites" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  jtotal=$(jget tests); jfailed=$(( $(jget failures) + $(jget errors) )); jskipped=$(jget skipped)
  total=$((total + jtotal)); failed=$((failed + jfailed)); skipped=$((skipped + jskipped))
  passed=$((passed + jtotal - jfailed - jskipped))
done
if [ -f src/ClusterWorkflows.Designer/package.json ] && [ ! -f "$RESULTS/designer-unit.junit.xml" ]; then
  echo "the designer's unit tests produced no results"
  failed=$((failed + 1))
fi

trx_count="$(ls "$RESULTS"/*.trx 2>/dev/null | wc -l)"
expected="$(ls tests/*.Tests/*.Tests.csproj | wc -l)"
if [ "$trx_count" -ne "$expected" ]; then
  echo "only $trx_count of $expected test projects produced results"
  failed=$((failed + expected - trx_count))
fi
if [ "${CI:-}" = "true" ] && [ "$skipped" -gt 0 ]; then
  echo "CI: $skipped test(s) skipped; in CI a skipped test counts as failed"
  failed=$((failed + skipped))
fi
if [ "$total" -eq 0 ]; then
  echo "no test ran"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed, $skipped skipped"
if [ "$failed" -gt 0 ] || [ "$status" -ne 0 ]; then
  exit 1
fi
exit 0
