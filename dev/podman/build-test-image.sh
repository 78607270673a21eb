#!/usr/bin/env bash
# Builds MCP's test image from the host's busybox-static, because no registry is reachable on
# the machines MCP is tested on (see PODMAN-HERE.md). Usage: build-test-image.sh [image]
# (default localhost/mcp-test:idle). Does nothing when the image exists. Safe when several test
# JVMs race: each imports under its own temporary tag and then tags the shared name, which is
# atomic in podman's store; the loser's tag just points at an identical image.
# podman is taken from $PODMAN (default: podman on PATH) and honours CONTAINERS_CONF.
set -euo pipefail
image=${1:-localhost/mcp-test:idle}
podman=${PODMAN:-podman}

"$podman" image exists "$image" && exit 0

busybox=$(command -v busybox || true)
for candidate in /bin/busybox /usr/bin/busybox; do
  [ -n "$busybox" ] && break
  [ -x "$candidate" ] && busybox=$candidate
done
if [ -z "$busybox" ]; then
  echo "build-test-image: no busybox found; install busybox-static" >&2
  exit 2
fi
# ldd fails (exit 1) on a static binary, and says so; only then is it usable inside the image.
linkage=$(LC_ALL=C ldd "$busybox" 2>&1 || true)
if ! grep -qE 'not a dynamic|statically linked' <<<"$linkage"; then
  echo "build-test-image: $busybox is dynamically linked; install busybox-static" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/bin" "$work/root/tmp" "$work/root/etc" "$work/root/www"
cp "$busybox" "$work/root/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$work/root/bin/$applet"
done
chmod 1777 "$work/root/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$work/root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$work/root/etc/group"
echo 'mcp-test' >"$work/root/www/index.html"
tar -C "$work/root" -cf "$work/rootfs.tar" .

# busybox sleep as PID 1 ignores SIGTERM; the trap makes `podman stop` return at once (the shell
# runs traps during `wait`, not while a foreground sleep lasts). The sleep is long so that an idle
# container is idle: with `sleep 1` (the image tagged :1 before) each container forked a process
# a second, and the 500 containers of HugeCommitTest kept two cores busy (load average over 300).
temp_tag="localhost/mcp-test-build:$$-$RANDOM"
"$podman" import --quiet \
  --change 'ENV PATH=/bin' \
  --change 'CMD ["/bin/sh", "-c", "trap \"exit 0\" TERM; while :; do sleep 86400 & wait; done"]' \
  "$work/rootfs.tar" "$temp_tag" >/dev/null
"$podman" tag "$temp_tag" "$image"
"$podman" untag "$temp_tag" "$temp_tag" >/dev/null 2>&1 || true
echo "$image"
