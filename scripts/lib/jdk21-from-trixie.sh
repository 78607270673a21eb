#!/usr/bin/env bash
# For the benchmarks only: a JDK 21 (MCP's floor) on a Debian 12 (bookworm) machine, which has no
# OpenJDK 21 package, so that scripts/bench-cli can measure the CLI on JDK 21 beside JDK 25:
#   scripts/lib/jdk21-from-trixie.sh [DIR]      # DIR defaults to /tmp/jdk21
#   BENCH_JDKS="/usr/lib/jvm/temurin-25-jdk-amd64 DIR/usr/lib/jvm/java-21-openjdk-amd64" scripts/bench-cli
# It takes Debian 13 (trixie)'s openjdk-21-jre-headless and openjdk-21-jdk-headless, and trixie's
# libc6, with `apt-get download` through an apt state of its own under DIR (a trixie sources.list,
# its own lists and caches: the machine's apt state is not touched, nothing is installed), and
# `dpkg -x`'s all three into DIR. Trixie's JDK needs glibc 2.38+ symbols (C23's __isoc23_strtol and
# friends) and bookworm has 2.36, so patchelf (bookworm's; installed through apt when missing and
# root) points the JDK's executables (bin/*, lib/jspawnhelper) at trixie's loader, with an RPATH of
# trixie's libc directory, the JDK's own lib directory, then the system's (bookworm's libstdc++ is new
# enough). The JDK's links to /etc/java-21-openjdk/ (conf/security, lib/jvm.cfg, ...) are pointed at
# the copies extracted under DIR.
# Limits: the JVM runs on trixie's C library, not the machine's; the processes it starts (podman,
# git, through jspawnhelper) run on the system's. Not for anything but measuring: no security
# updates, nothing registered with the system (no alternatives, no /usr/lib/jvm entry).
# Idempotent: once DIR holds a JDK that runs, a second run only checks it and prints its home.
# It refuses a DIR that is not empty and was not made by it. Prints the JDK home on stdout.
set -euo pipefail

die() {
  echo "jdk21-from-trixie: $*" >&2
  exit 1
}

dir=${1:-/tmp/jdk21}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
[ "$dir" != / ] || die "DIR must not be /"
home=$dir/usr/lib/jvm/java-21-openjdk-amd64
marker=$dir/.jdk21-from-trixie
done_stamp=$dir/.jdk21-from-trixie.done

# Says whether the JDK under $home runs and is a 21.
jdk_runs() {
  "$home/bin/java" -version 2>&1 | grep -q '^openjdk version "21\.'
}

if [ -f "$done_stamp" ] && jdk_runs; then
  echo "jdk21-from-trixie: already in place ($(cat "$done_stamp"))" >&2
  echo "$home"
  exit 0
fi
# Everything below deletes and re-extracts inside $dir: only in a directory this script made.
if [ ! -f "$marker" ] && [ -n "$(ls -A "$dir")" ]; then
  die "$dir is not empty and was not made by this script; give an empty or new directory"
fi
touch "$marker"

if ! command -v patchelf >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || die "patchelf is missing; install it with: sudo apt-get install -y patchelf"
  echo "jdk21-from-trixie: installing patchelf (bookworm's)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends patchelf >&2
fi

# An apt of its own: trixie's sources only, its own lists and package caches, no preferences from
# /etc/apt. The machine's dpkg status is read (apt needs one) but nothing is installed.
state=$dir/apt
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/sources.list.d" \
  "$state/preferences.d"
cat >"$state/sources.list" <<'EOF'
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-updates main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security trixie-security main
EOF
apt_opts=(
  -o "Dir::Etc::SourceList=$state/sources.list"
  -o "Dir::Etc::SourceParts=$state/sources.list.d"
  -o "Dir::Etc::Preferences=$state/preferences"
  -o "Dir::Etc::PreferencesParts=$state/preferences.d"
  -o "Dir::State::Lists=$state/lists"
  -o "Dir::Cache=$state/cache"
  -o "APT::Sandbox::User=root"
)
echo "jdk21-from-trixie: apt-get update (trixie, into $state)" >&2
apt-get "${apt_opts[@]}" -qq update >&2

debs=$dir/debs
rm -rf "$debs"
mkdir -p "$debs"
(cd "$debs" && apt-get "${apt_opts[@]}" -qq download \
  openjdk-21-jre-headless openjdk-21-jdk-headless libc6 >&2)

rm -rf "${dir:?}/usr" "${dir:?}/etc" "${dir:?}/lib" "${dir:?}/lib64"
for deb in "$debs"/*.deb; do
  dpkg -x "$deb" "$dir"
done
[ -x "$home/bin/java" ] || die "no $home/bin/java after extracting $(ls "$debs")"

# Trixie's libc6 ships under usr/ (merged /usr); its loader is the one its PT_INTERP names.
libc_dir=$dir/usr/lib/x86_64-linux-gnu
loader=$libc_dir/ld-linux-x86-64.so.2
[ -e "$libc_dir/libc.so.6" ] || die "trixie's libc.so.6 is not at $libc_dir"
[ -e "$loader" ] || die "trixie's loader is not at $loader"
# --force-rpath: DT_RPATH, not DT_RUNPATH, so that it also applies to the libraries those
# executables load (libjli, libjvm, libjava, ...), which would otherwise find bookworm's libc first.
rpath=$libc_dir:$home/lib:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu
for exe in "$home"/bin/* "$home/lib/jspawnhelper"; do
  if [ ! -f "$exe" ] || [ -L "$exe" ]; then continue; fi
  patchelf --set-interpreter "$loader" --force-rpath --set-rpath "$rpath" "$exe"
done

# The packages' links into /etc/java-21-openjdk/ (which dpkg -x put under $dir/etc) would find
# nothing on this machine: point them at the extracted copies.
while IFS= read -r link; do
  target=$(readlink "$link")
  case $target in
    /etc/java-21-openjdk/*) ln -sfn "$dir$target" "$link" ;;
  esac
done < <(find "$home" -type l)

jdk_runs || {
  "$home/bin/java" -version >&2 || true
  die "$home/bin/java does not run as a JDK 21"
}
printf '%s\n' "$(basename "$debs"/openjdk-21-jre-headless_*.deb) $(basename "$debs"/libc6_*.deb)" \
  >"$done_stamp"
echo "$home"
