# Finds a Java 21+ runtime for MCP's launchers without the user exporting JAVA_HOME:
# $JAVA_HOME, then `java` on PATH, then the JDKs under /usr/lib/jvm (newest first).
# Prints the java executable's path, or explains and returns 1.

mcp_java_major() {
  # The runtime's release file says its version without starting a JVM (a JVM start is what the
  # launchers try to keep short); ask the JVM only when there is none.
  local home v
  home=$(dirname "$(dirname "$(readlink -f "$1")")")
  if [ -r "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" | head -n1)
    if [ -n "$v" ] && [ "$v" != 1 ]; then
      echo "$v"
      return 0
    fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n1
}

mcp_find_java() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidates+=("${c%/}/bin/java")
  done
  for c in "${candidates[@]}"; do
    [ -x "$c" ] || continue
    major=$(mcp_java_major "$c")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$c"
      return 0
    fi
  done
  echo "MCP needs Java 21 or newer and found none (looked at \$JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
  echo "Install one, e.g.: sudo apt-get install -y openjdk-21-jre-headless (or set JAVA_HOME)." >&2
  return 1
}

mcp_java_build() {
  # One line naming this exact JDK build (its real path and its release file's versions), to tell
  # whether an AOT cache was made by it without starting a JVM. Empty when there is no release file.
  local java home
  java=$(readlink -f "$1")
  home=$(dirname "$(dirname "$java")")
  [ -r "$home/release" ] || return 0
  printf '%s %s\n' "$java" "$(grep -E '^(JAVA_RUNTIME_VERSION|IMPLEMENTOR_VERSION)=' "$home/release" | tr -d '"' | paste -sd' ')"
}
