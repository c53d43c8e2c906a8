#!/usr/bin/env bash
# Installs the Debian packages the tests and the local fleet drive. Skips
# apt entirely when everything is present, so it is cheap to run every time.
set -euo pipefail
packages=(
  podman runc uidmap slirp4netns fuse-overlayfs catatonit # containers
  caddy                                                   # node proxy and test ACME CA
  knot bind9-dnsutils                                     # DNS server and nsupdate
  busybox-static                                          # offline test image rootfs
  openssh-server                                          # agent upgrades over SSH
  iproute2 util-linux                                     # network namespaces, nsenter, setpriv
  openssl                                                 # throwaway test certificates
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-system: missing Debian packages: ${missing[*]} (run as root to install them)" >&2
  exit 1
fi
echo "setup-system: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts these services on install; MCP's tests run their own copies.
for svc in caddy knot ssh; do
  systemctl disable --now "$svc" >/dev/null 2>&1 || service "$svc" stop >/dev/null 2>&1 || true
done
