# shellcheck shell=bash
# Finds a Java 21+ runtime for MCP's launchers without the user exporting JAVA_HOME:
# $JAVA_HOME, then `java` on PATH, then the JDKs under /usr/lib/jvm (newest first by their release
# file's JAVA_VERSION; those without one after them, asked in reverse name order).
# MCP_JVM_DIR: another directory instead of /usr/lib/jvm, for tests with fake JDK homes only.
#
# Every fork+exec costs a short command about a millisecond before its JVM starts (the lead
# measured 44-49 ms of bash before this file stopped running readlink, dirname, sed, grep, tr,
# paste, ls and sort), so the functions the launchers call set variables instead of printing them
# (a command substitution forks) and read files with bash's own `read`:
#   mcp_choose_java       sets mcp_java (the java executable) and, for it, what mcp_inspect_java
#                         sets; or explains and returns 1
#   mcp_inspect_java JAVA sets mcp_real (its real path, as readlink -f prints it), mcp_major
#                         (its feature version, e.g. 25) and mcp_build (as mcp_java_build prints it)
#   mcp_resolve PATH      sets mcp_resolved: the absolute path without symlinks, `.` or `..`
# A fork remains only where it must: readlink -f for a symlink that is not one of the JDKs under
# /usr/lib/jvm, and the JVM asked for its version when a JDK has no release file.
# Scripts that want output call the printing forms: mcp_find_java, mcp_java_major, mcp_java_build.
# Safe under `set -euo pipefail` (the launchers' mode), as they now run in the launcher's shell.

# mcp_find_java: prints the chosen java executable's path, or explains and returns 1.
mcp_find_java() {
  mcp_choose_java || return 1
  printf '%s\n' "$mcp_java"
}

# mcp_java_major JAVA: prints the runtime's feature version (nothing when it cannot tell).
mcp_java_major() {
  mcp_inspect_java "$1"
  if [ -n "$mcp_major" ]; then printf '%s\n' "$mcp_major"; fi
}

# mcp_java_build JAVA: one line naming this exact JDK build (its real path and its release file's
# JAVA_RUNTIME_VERSION and IMPLEMENTOR_VERSION lines, unquoted, space-separated), to tell whether
# an AOT cache was made by it without starting a JVM (dist/assemble writes it to app.aot.jdk,
# dist/bin/mcp compares). Nothing when there is no release file.
mcp_java_build() {
  mcp_inspect_java "$1"
  if [ -n "$mcp_build" ]; then printf '%s\n' "$mcp_build"; fi
}

mcp_choose_java() {
  local jvms=${MCP_JVM_DIR:-/usr/lib/jvm} home newest='' newest_version='' unreleased=() i
  mcp_java=''
  if [ -n "${JAVA_HOME:-}" ] && mcp_java_will_do "$JAVA_HOME/bin/java"; then return 0; fi
  # `hash` looks java up on PATH as `command -v` does, and puts the path in BASH_CMDS, not on stdout.
  if hash java 2>/dev/null && [ -n "${BASH_CMDS[java]:-}" ] &&
    mcp_java_will_do "${BASH_CMDS[java]}"; then
    return 0
  fi
  for home in "$jvms"/*/; do
    [ -x "${home}bin/java" ] || continue
    if mcp_read_release "${home%/}" && [ -n "$mcp_release_version" ]; then
      if [ -z "$newest" ] || mcp_version_newer "$mcp_release_version" "$newest_version"; then
        newest=${home}bin/java newest_version=$mcp_release_version
      fi
    else
      unreleased+=("${home}bin/java")
    fi
  done
  # The newest has the highest feature version: if it is too old, so are the others with a release
  # file. Those without one cost a JVM start each, so they come last.
  if [ -n "$newest" ] && mcp_java_will_do "$newest"; then return 0; fi
  for ((i = ${#unreleased[@]} - 1; i >= 0; i--)); do
    if mcp_java_will_do "${unreleased[i]}"; then return 0; fi
  done
  echo "MCP needs Java 21 or newer and found none (looked at \$JAVA_HOME, java on PATH, $jvms/*)." >&2
  echo "Install one, e.g.: sudo apt-get install -y openjdk-21-jre-headless (or set JAVA_HOME)." >&2
  return 1
}

# mcp_java_will_do JAVA: true, with mcp_java set, when JAVA is an executable of Java 21 or newer.
mcp_java_will_do() {
  [ -x "$1" ] || return 1
  mcp_inspect_java "$1"
  if [ -n "$mcp_major" ] && [ "$mcp_major" -ge 21 ]; then
    mcp_java=$1
    return 0
  fi
  return 1
}

mcp_inspect_java() {
  local home
  mcp_major='' mcp_build=''
  mcp_resolve_java "$1"
  home=${mcp_real%/*}
  home=${home%/*}
  if mcp_read_release "$home"; then
    mcp_build="$mcp_real $mcp_release_build"
    mcp_major=${mcp_release_version%%[!0-9]*}
    # Java 8's "1.8.0_…" says 1: the JVM knows better.
    if [ -n "$mcp_major" ] && [ "$mcp_major" != 1 ]; then return 0; fi
  fi
  # No release file (or no version in it): ask the JVM, which costs a start of it.
  mcp_major=$("$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n1) || true
}

# mcp_resolve_java JAVA: sets mcp_real. /usr/bin/java is a chain of symlinks (alternatives) to one
# of the JDKs under /usr/lib/jvm: `-ef` (same file) finds which without running readlink.
mcp_resolve_java() {
  local java
  mcp_resolve "$1" nofork && mcp_real=$mcp_resolved && return 0
  for java in "${MCP_JVM_DIR:-/usr/lib/jvm}"/*/bin/java; do
    if [ "$1" -ef "$java" ] && mcp_resolve "$java" nofork; then
      mcp_real=$mcp_resolved
      return 0
    fi
  done
  mcp_resolve "$1"
  mcp_real=$mcp_resolved
}

# mcp_resolve PATH [nofork]: sets mcp_resolved, as readlink -f would print it. Walks the path one
# component at a time: with no symlink on the way, dropping `.` and `..` is all readlink -f does.
# At a symlink it runs readlink -f, or with `nofork` returns 1 instead.
mcp_resolve() {
  local rest=$1 part
  case $rest in /*) ;; *) rest=$PWD/$rest ;; esac
  mcp_resolved=''
  while [ -n "$rest" ]; do
    part=${rest%%/*}
    if [ "$part" = "$rest" ]; then rest=''; else rest=${rest#*/}; fi
    case $part in
      '' | .) continue ;;
      ..) mcp_resolved=${mcp_resolved%/*} && continue ;;
    esac
    mcp_resolved=$mcp_resolved/$part
    if [ -L "$mcp_resolved" ]; then
      [ "${2:-}" != nofork ] || return 1
      mcp_resolved=$(readlink -f -- "$1")
      return 0
    fi
  done
  mcp_resolved=${mcp_resolved:-/}
}

# mcp_read_release HOME: sets mcp_release_version (JAVA_VERSION, unquoted) and mcp_release_build
# (the JAVA_RUNTIME_VERSION and IMPLEMENTOR_VERSION lines in the file's order, without their
# quotes, joined by a space); returns 1 when HOME has no readable release file.
mcp_read_release() {
  local line
  mcp_release_version='' mcp_release_build=''
  [ -r "$1/release" ] || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      JAVA_VERSION=\"*)
        if [ -z "$mcp_release_version" ]; then
          mcp_release_version=${line#JAVA_VERSION=\"}
          mcp_release_version=${mcp_release_version%%\"*}
        fi
        ;;
      JAVA_RUNTIME_VERSION=* | IMPLEMENTOR_VERSION=*)
        mcp_release_build=${mcp_release_build:+$mcp_release_build }${line//\"/}
        ;;
    esac
  done <"$1/release"
}

# mcp_version_newer A B: true when version A (e.g. 25.0.3, 21.0.9, 26-ea) is newer than B,
# comparing the dot-separated numbers one by one (what sort -V did with the directories' names).
mcp_version_newer() {
  local a=$1 b=$2 x y
  while [ -n "$a" ] || [ -n "$b" ]; do
    x=${a%%.*} y=${b%%.*}
    x=${x%%[!0-9]*} y=${y%%[!0-9]*}
    if ((10#${x:-0} != 10#${y:-0})); then
      ((10#${x:-0} > 10#${y:-0}))
      return
    fi
    if [ "${a#*.}" = "$a" ]; then a=''; else a=${a#*.}; fi
    if [ "${b#*.}" = "$b" ]; then b=''; else b=${b#*.}; fi
  done
  return 1
}
