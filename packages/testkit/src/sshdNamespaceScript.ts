/**
 * Shell script run as `unshare --mount --propagation private sh -c <script> sh <dir> <config>
 * <sshd>`. sshd insists on its privilege-separation directory /run/sshd, and StrictModes
 * rejects an authorized_keys under a world-writable /tmp. So, in a mount namespace of its own:
 * a fresh tmpfs on /run holding /run/sshd and a bind of the 0700 work dir at
 * /run/mcp-testkit-sshd, with each entry of the host's /run bound back (so /run/netns etc. stay
 * usable in sessions). Nothing is created or mounted on the host; it all vanishes with sshd.
 */
export const SSHD_NAMESPACE_SCRIPT = `set -eu
work="$1"; config="$2"; sshd="$3"
stash="$work/host-run"
mkdir -p "$stash"
mount -n --rbind /run "$stash"
mount -n -t tmpfs -o mode=0755,size=4m mcp-testkit-run /run
for entry in "$stash"/* "$stash"/.[!.]*; do
  [ -e "$entry" ] || [ -L "$entry" ] || continue
  name="\${entry##*/}"
  target="/run/$name"
  # util-linux keeps this namespace's private mount table in /run/mount.
  [ "$name" = mount ] && continue
  if [ -L "$entry" ]; then cp -P "$entry" "$target"
  elif [ -d "$entry" ]; then mkdir -p "$target"; mount -n --rbind "$entry" "$target"
  else touch "$target"; mount -n --bind "$entry" "$target"
  fi
done
umount -n -l "$stash"
[ -d /run/sshd ] || mkdir -m 0755 /run/sshd
mkdir -m 0700 /run/mcp-testkit-sshd
mount -n --bind "$work" /run/mcp-testkit-sshd
exec "$sshd" -D -e -f "$config"
`;

/** Where the work dir appears inside the namespace; sshd_config names files under it. */
export const SSHD_WORK_MOUNT = '/run/mcp-testkit-sshd';
