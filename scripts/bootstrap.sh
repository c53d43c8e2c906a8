#!/usr/bin/env bash
# Source this file (". scripts/bootstrap.sh") to get the pinned Node.js 24 and
# pnpm first on PATH. A fresh Debian machine ships Node 20, which is past end
# of life and lacks node:sqlite, so the official Node 24 binary is fetched from
# the npm registry package node-linux-<arch> (the only registry reachable)
# into a cache folder. corepack's signature check fails against this
# registry, so pnpm is installed with npm into the same cache.
set -euo pipefail

MCP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MCP_NODE_VERSION="$(tr -d '[:space:]' < "$MCP_ROOT/.node-version")"
MCP_PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$MCP_ROOT/package.json")"
MCP_CACHE="${MCP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp}"

mcp_log() { printf 'bootstrap: %s\n' "$*" >&2; }

mcp_arch() {
  case "$(uname -m)" in
    x86_64) echo x64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) mcp_log "unsupported machine architecture $(uname -m)"; return 1 ;;
  esac
}

mcp_ensure_node() {
  if command -v node >/dev/null 2>&1 && [ "$(node --version)" = "v$MCP_NODE_VERSION" ]; then
    return 0
  fi
  local arch dir
  arch="$(mcp_arch)"
  dir="$MCP_CACHE/node-v$MCP_NODE_VERSION-linux-$arch"
  if [ ! -x "$dir/bin/node" ]; then
    mcp_log "fetching Node.js $MCP_NODE_VERSION ($arch) from the npm registry"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$MCP_NODE_VERSION" >/dev/null)
    tar -xzf "$tmp"/node-linux-"$arch"-*.tgz -C "$tmp"
    mkdir -p "$dir/bin"
    install -m 0755 "$tmp/package/bin/node" "$dir/bin/node.partial"
    mv -f "$dir/bin/node.partial" "$dir/bin/node"
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
}

mcp_ensure_pnpm() {
  local dir="$MCP_CACHE/pnpm-$MCP_PNPM_VERSION"
  if [ ! -x "$dir/node_modules/.bin/pnpm" ]; then
    mcp_log "installing pnpm $MCP_PNPM_VERSION"
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir" "pnpm@$MCP_PNPM_VERSION" >/dev/null
  fi
  export PATH="$dir/node_modules/.bin:$PATH"
}

mcp_ensure_node
mcp_ensure_pnpm
export PATH="$MCP_ROOT/node_modules/.bin:$PATH"
set +euo pipefail
