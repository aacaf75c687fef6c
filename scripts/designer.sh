#!/usr/bin/env bash
# The designer (src/ClusterWorkflows.Designer, React + Vite):
#   designer.sh install   npm ci when package-lock.json changed since the last install
#   designer.sh build     install, then build into src/ClusterWorkflows.Designer/dist when a source changed
#   designer.sh test      install, then its unit tests (Vitest) with a JUnit report in TestResults/
# The server serves the built files (CW_UI); nothing is fetched from outside at run time.
set -euo pipefail
cd "$(dirname "$0")/../src/ClusterWorkflows.Designer"
if [ ! -f package.json ]; then
  echo "designer: no package.json yet; nothing to do"
  exit 0
fi
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

install() {
  local stamp=node_modules/.package-lock.sha256
  local want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
}

build() {
  install
  local stamp=dist/.sources.sha256
  local want
  want="$(find src public index.html package-lock.json vite.config.* tsconfig*.json -type f 2>/dev/null | sort | xargs sha256sum | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    npm run build --silent
    echo "$want" > "$stamp"
  fi
}

case "${1:-build}" in
  install) install ;;
  build) build ;;
  test) install; mkdir -p ../../TestResults; npx vitest run --reporter=default --reporter=junit --outputFile.junit=../../TestResults/designer-unit.junit.xml ;;
  *) echo "usage: designer.sh install|build|test" >&2; exit 2 ;;
esac
