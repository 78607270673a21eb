# Shared by scripts/test and scripts/demo: make sure the machine has what MCP's tests and demo
# need, installing it through apt when we are root on Debian or Ubuntu, and otherwise stopping
# with the exact command to run. Never touches the user's podman configuration.

MCP_DEBIAN_PACKAGES=(podman runc busybox-static git openssh-server openssh-client uidmap slirp4netns fuse-overlayfs nginx fcgiwrap gnupg openssl nix-bin chromium chromium-driver age)

mcp_missing_packages() {
  local p missing=()
  for p in "${MCP_DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  echo "${missing[*]}"
}

mcp_ensure_prereqs() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    command -v podman >/dev/null 2>&1 || echo "note: podman is not installed; tests that need it will be skipped" >&2
    return 0
  fi
  local missing
  missing=$(mcp_missing_packages)
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing from Debian: $missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >&2
  else
    echo "MCP needs these packages: $missing" >&2
    echo "Install them with: sudo apt-get install -y $missing" >&2
    return 1
  fi
}

# Point podman at the repository's containers.conf unless the caller chose one.
mcp_podman_env() {
  local root=$1
  if [ -z "${CONTAINERS_CONF:-}" ]; then
    export CONTAINERS_CONF="$root/dev/podman/containers.conf"
  fi
}
