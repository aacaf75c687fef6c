#!/usr/bin/env bash
# Installs what the lab (`cw lab`, tests/ClusterWorkflows.Lab.Tests) needs on Debian 12.
# Idempotent: packages already present are not reinstalled; apt is only touched when needed.
# The host image itself is built by `cw lab up` (debootstrap, about a minute) and cached under
# /var/cache/clusterworkflows/lab, keyed by its package list, so a machine pays for it once.
set -euo pipefail

LAB_PACKAGES=(docker.io debootstrap iproute2 iptables openssh-client util-linux tar procps busybox-static)

missing=()
for p in "${LAB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "lab-setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The lab runs its own private dockerd; Debian's docker.service is not needed by it (and is left as it is).
mkdir -p /var/cache/clusterworkflows/lab 2>/dev/null || true
echo "lab-setup: ok (${LAB_PACKAGES[*]})"
