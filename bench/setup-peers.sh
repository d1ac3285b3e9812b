#!/usr/bin/env bash
# Installs the Debian packages the benchmarks compare orc against.
# Idempotent: when every peer is already installed it only checks and exits.
#
#   bash bench/setup-peers.sh
#
# Peers (Debian package -> command the benchmarks run):
#   docker-compose -> docker-compose   (Compose 1.29, the `orc config` peer)
#   runc           -> runc             (the OCI runtime `orc-runtime` is compared with)
#   skopeo         -> skopeo           (the `orc pull` peer)
#   docker-registry -> docker-registry (the loopback registry the pull benchmark serves from)
#   docker.io      -> /usr/sbin/dockerd, /usr/bin/docker (Docker 20.10 with its own containerd:
#                     the `orc run` and idle-shim peer; the benchmarks start a private dockerd)
#
# docker.io installs its client as /usr/bin/docker; a client already on the PATH
# (e.g. /usr/local/bin/docker) stays first and untouched, and the benchmarks call
# /usr/bin/docker and /usr/sbin/dockerd by full path. Where the install starts
# the package's docker/containerd services (systemd hosts without a policy-rc.d),
# they are left as they are: the benchmarks use their own socket and data root.
set -euo pipefail

PACKAGES=(docker-compose runc skopeo docker-registry docker.io)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "peers already installed: ${PACKAGES[*]}"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "setup-peers: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "installing peers: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when the candidate is unknown (fresh image).
for pkg in "${missing[@]}"; do
  if ! apt-cache show "$pkg" >/dev/null 2>&1; then
    "${SUDO[@]}" apt-get update -q
    break
  fi
done
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

docker-compose version --short
/usr/sbin/dockerd --version
