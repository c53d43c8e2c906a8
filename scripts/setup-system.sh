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
  qemu-user-static binutils-aarch64-linux-gnu             # arm64 agent binaries: run emulated, strip
  libc6:arm64 libstdc++6:arm64                            # what the arm64 Node binary links against
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-system: missing Debian packages: ${missing[*]} (run as root to install them)" >&2
    exit 1
  fi
  echo "setup-system: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # The :arm64 libraries come from Debian's multiarch archive.
  dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts these services on install; MCP's tests run their own copies.
  for svc in caddy knot ssh; do
    systemctl disable --now "$svc" >/dev/null 2>&1 || service "$svc" stop >/dev/null 2>&1 || true
  done
fi

# arm64 executables run through qemu-aarch64-static once binfmt_misc knows it.
# Without systemd as PID 1 nothing registers it, so do it here: mount
# binfmt_misc if needed, then register Debian's own entry (flags POF, so the
# interpreter works in every mount namespace). Already registered: nothing.
register_arm64_binfmt() {
  local conf=/usr/lib/binfmt.d/qemu-aarch64.conf dir=/proc/sys/fs/binfmt_misc
  [ "$(uname -m)" = aarch64 ] && return 0
  [ -e "$dir/qemu-aarch64" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-system: arm64 binaries need binfmt_misc; run as root to register qemu-aarch64" >&2
    return 0
  fi
  mountpoint -q "$dir" || mount -t binfmt_misc binfmt_misc "$dir" || {
    echo "setup-system: cannot mount $dir; arm64 binaries will not run here" >&2
    return 0
  }
  if [ -x /usr/lib/systemd/systemd-binfmt ]; then
    /usr/lib/systemd/systemd-binfmt "$conf"
  else
    grep -v '^#' "$conf" >"$dir/register"
  fi
  [ -e "$dir/qemu-aarch64" ] || echo "setup-system: registering qemu-aarch64 failed; arm64 binaries will not run here" >&2
}
register_arm64_binfmt
