#!/usr/bin/env bash
# Installs what building and testing ClusterWorkflows needs on a fresh Debian 12 machine.
# Idempotent: packages already present are not reinstalled; apt is only touched when needed.
set -euo pipefail

APT_PACKAGES=(procps sqlite3 ca-certificates postgresql postgresql-contrib util-linux openssh-server openssh-client etcd-server etcd-client chromium wrk)

need_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "setup: the .NET 10 SDK is required (dotnet on PATH); Debian does not package it." >&2
    exit 2
  fi
  local major
  major="$(dotnet --version | cut -d. -f1)"
  if [ "$major" -lt 10 ]; then
    echo "setup: .NET SDK 10 or newer is required, found $(dotnet --version)" >&2
    exit 2
  fi
}

install_apt() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

need_node() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: Node.js 20 or newer with npm is required to build the designer (node and npm on PATH)." >&2
    exit 2
  fi
}

need_dotnet
need_node
install_apt
bash "$(dirname "$0")/lab-setup.sh"
bash "$(dirname "$0")/designer.sh" install
