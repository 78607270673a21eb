#!/usr/bin/env bash
# What the agent certificate's key type costs a cold `mcp ps` (issue 22): the CLI's TLS handshake
# verifies the CA's signature on the agent's certificate and the agent's CertificateVerify, in a
# cold JVM, and how much that costs depends on the keys (ECDSA verify: two scalar multiplications
# in interpreted/C1 field arithmetic; RSA verify with e=65537: a few modular multiplications).
#
#   scripts/lib/bench-tls-keytype.sh            # 15 interleaved rounds after 3 warm-up rounds
#   RUNS=21 BENCH_KEYS="ec rsa2048" scripts/lib/bench-tls-keytype.sh
#   BENCH_JDKS="/usr/lib/jvm/temurin-25-jdk-amd64" scripts/lib/bench-tls-keytype.sh
#   BENCH_TRAIN="ec rsa2048" scripts/lib/bench-tls-keytype.sh
#                   # also an artefact whose CDS archive and AOT cache were trained (dist/assemble's
#                   # stand-in agent) with an RSA-2048 key instead of P-256: the classes a key type
#                   # needs are only in the cache if the training loaded them
#   BENCH_HANDSHAKE=1 scripts/lib/bench-tls-keytype.sh
#                   # the handshake alone: a bare client's main-thread CPU for its first and a
#                   # second TLS handshake to each agent (no artefact is assembled)
#   BENCH_HOOK='bash probe.sh' scripts/lib/bench-tls-keytype.sh
#                   # runs probe.sh instead of the timing, once the agents are up (see below)
#
# Keys (each a CA and an agent certificate for 127.0.0.1 it signed, both of that type, by
# openssl): ec (P-256), rsa2048, rsa3072,
# ed25519. One real agent (bin/mcp-agent) per key, each its own node with one service of one
# container (localhost/mcp-test:idle), all from one bare git repository, and one CLI config per
# key; one artefact of `mcp` per JDK and BENCH_TRAIN key (dist/assemble, into this run's folder, with its CDS archive
# and, on JDK 24+, its AOT cache; the launcher's default lever). Every agent is checked to accept
# its key (it starts and answers), and each JDK 24+ artefact's AOT cache to map with every key
# (-XX:AOTMode=on fails otherwise).
# Timing: the JDKs and keys interleaved, one run each per round (A B C A B C ...), so that a load
# change on this shared machine falls on all alike; wall (bash's `time` around the launcher)
# and CPU (user + sys of the launcher and its children); medians, min, max. Every timed run must
# exit 0. The agents, their containers and the folder are removed at the end. Markdown on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=prereqs.sh
. "$root/scripts/lib/prereqs.sh"
mcp_ensure_prereqs
mcp_podman_env "$root"
cd "$root"
runs=${RUNS:-15}
read -r -a keys <<<"${BENCH_KEYS:-ec rsa2048 rsa3072 ed25519}"
read -r -a jdks <<<"${BENCH_JDKS:-/usr/lib/jvm/temurin-25-jdk-amd64 /tmp/jdk21/usr/lib/jvm/java-21-openjdk-amd64}"
if ! ls cli/target/mcp-cli-*.jar reconciler/target/mcp-reconciler-*.jar >/dev/null 2>&1; then
  ./mvnw -B -q --no-transfer-progress package -DskipTests
fi
image=localhost/mcp-test:idle
podman image exists "$image" || dev/podman/build-test-image.sh >/dev/null

work=$(mktemp -d)
base="tlsk$$"
agent_pids=()
cleanup() {
  local pid key
  for pid in "${agent_pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  for key in "${keys[@]}"; do podman rm -f "$base-$key-svc-api" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# openssl's -newkey for a key type.
newkey() {
  case $1 in
    ec) echo "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1" ;;
    rsa2048) echo "-newkey rsa:2048" ;;
    rsa3072) echo "-newkey rsa:3072" ;;
    ed25519) echo "-newkey ed25519" ;;
    *) echo "bench-tls-keytype: unknown key type $1 (ec, rsa2048, rsa3072, ed25519)" >&2; exit 2 ;;
  esac
}

# A CA and an agent certificate for 127.0.0.1 signed by it, both of key type $1, in $2.
certificates() {
  local dir=$2 args
  args=$(newkey "$1")
  # shellcheck disable=SC2086
  openssl req -x509 $args -nodes -days 1 -subj "/CN=mcp bench CA $1" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  # shellcheck disable=SC2086
  openssl req $args -nodes -subj "/CN=127.0.0.1" -keyout "$dir/key.pem" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\n' >"$dir/ext.cnf"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -CAcreateserial -days 1 -extfile "$dir/ext.cnf" -out "$dir/cert.pem" 2>/dev/null
}

# The services repository: one service of one container per key's node.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench \
  GIT_AUTHOR_EMAIL=bench@example.net GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.net
git init -q --bare -b main "$work/services.git"
git clone -q "$work/services.git" "$work/services" 2>/dev/null
for key in "${keys[@]}"; do
  cat >"$work/services/$base-$key-svc.toml" <<TOML
name = "$base-$key-svc"
node = "$base-$key"

[[components]]
name = "api"
image = "$image"
stop_timeout = "2s"
TOML
done
git -C "$work/services" add . && git -C "$work/services" commit -qm "bench services"
git -C "$work/services" push -q origin HEAD:main

# One agent per key, with a local admin token, and the CLI's config for it.
token="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$token" >"$work/token"
printf '%s admin bench\n' "$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)" >"$work/tokens"
for key in "${keys[@]}"; do
  dir="$work/$key"
  mkdir -p "$dir/data" "$dir/srv"
  certificates "$key" "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  cat >"$dir/mcp-agent.toml" <<TOML
node = "$base-$key"
data_dir = "$dir/data"
services_root = "$dir/srv"
[source]
url = "file://$work/services.git"
branch = "main"
poll_interval = "1h"
[server]
listen = "127.0.0.1:$port"
cert = "$dir/cert.pem"
key = "$dir/key.pem"
[auth]
tokens_file = "$work/tokens"
[reconcile]
drift_interval = "1h"
TOML
  cat >"$dir/mcp.toml" <<TOML
services_dir = "$work/services"
token_file = "$work/token"
ca_cert = "$dir/ca.pem"

[[nodes]]
name = "$base-$key"
address = "127.0.0.1:$port"
TOML
  bin/mcp-agent --config "$dir/mcp-agent.toml" >"$dir/agent.log" 2>&1 &
  agent_pids+=($!)
done
for key in "${keys[@]}"; do
  for _ in $(seq 1 240); do
    if MCP_CONFIG="$work/$key/mcp.toml" bin/mcp ps 2>/dev/null | grep -q "$base-$key-svc-api.*running"; then break; fi
    sleep 0.5
  done
  if ! MCP_CONFIG="$work/$key/mcp.toml" bin/mcp ps | grep -q "$base-$key-svc-api.*running"; then
    echo "bench-tls-keytype: the agent with the $key certificate did not come up; its log:" >&2
    cat "$work/$key/agent.log" >&2
    exit 1
  fi
done

# BENCH_HANDSHAKE=1: instead of `mcp ps`, a bare client (HandshakeProbe, below) per JDK and key,
# interleaved as below: the main thread's CPU and the wall time of its first TLS handshake to the
# agent (cold: classes loaded, initialised and interpreted for the first time) and of a second full
# one in the same JVM (a new SSLContext: no resumption), with the launcher's JVM options.
if [ "${BENCH_HANDSHAKE:-0}" = 1 ]; then
  mkdir -p "$work/probe"
  cat >"$work/probe/HandshakeProbe.java" <<'JAVA'
import java.io.FileInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** Prints "firstCpu firstWall secondCpu secondWall" (ms) of two handshakes to 127.0.0.1:PORT. */
public class HandshakeProbe {
  static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = new FileInputStream(args[0])) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca" + i++, c);
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    int port = Integer.parseInt(args[1]);
    System.out.println(handshake(tmf, port) + " " + handshake(tmf, port));
  }

  static String handshake(TrustManagerFactory tmf, int port) throws Exception {
    long cpu = MX.getCurrentThreadCpuTime(), wall = System.nanoTime();
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    try (Socket raw = new Socket("127.0.0.1", port);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, "127.0.0.1", port, true)) {
      SSLParameters p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(p);
      s.startHandshake();
    }
    return (MX.getCurrentThreadCpuTime() - cpu) / 1_000_000 + " " + (System.nanoTime() - wall) / 1_000_000;
  }
}
JAVA
  echo "## machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
  for round in $(seq -1 "$runs"); do
    for home in "${jdks[@]}"; do
      home=$(readlink -f "$home")
      major=$(. bin/lib/find-java.sh; mcp_java_major "$home/bin/java")
      [ -s "$work/probe/$major/HandshakeProbe.class" ] ||
        "$home/bin/javac" -d "$work/probe/$major" "$work/probe/HandshakeProbe.java"
      for key in "${keys[@]}"; do
        port=$(sed -n 's/^address = "127\.0\.0\.1:\(.*\)"$/\1/p' "$work/$key/mcp.toml")
        out=$("$home/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
          -cp "$work/probe/$major" HandshakeProbe "$work/$key/ca.pem" "$port")
        # The 2 warm-up rounds are thrown away.
        [ "$round" -le 0 ] || echo "$out" >>"$work/hs.$major.$key"
      done
    done
  done
  stats() {
    sort -n | awk '{ a[NR] = $1 } END {
      printf "%.0f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
  }
  echo
  echo "| JDK | key (CA and agent) | 1st handshake: main-thread CPU ms | wall ms | 2nd handshake: CPU ms | wall ms |"
  echo "| --- | --- | --- | --- | --- | --- |"
  for home in "${jdks[@]}"; do
    major=$(. bin/lib/find-java.sh; mcp_java_major "$(readlink -f "$home")/bin/java")
    for key in "${keys[@]}"; do
      row="| $major | $key |"
      for col in 1 2 3 4; do row="$row $(cut -d' ' -f"$col" "$work/hs.$major.$key" | stats) |"; done
      echo "$row"
    done
  done
  echo
  echo "## $runs rounds (medians); load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit
fi

# dist/assemble trains the CDS archive and AOT cache against a stand-in agent with a keytool key;
# a copy of it whose keytool makes a key of type $1 instead of P-256 (for BENCH_TRAIN), in a tree
# whose dist/bin and bin are this checkout's. Prints the copy's path.
assemble_trained() {
  local tree="$work/assemble-$1" keyalg
  case $1 in
    ec) echo "$root/dist/assemble"; return ;;
    rsa2048) keyalg="-keyalg RSA -keysize 2048" ;;
    rsa3072) keyalg="-keyalg RSA -keysize 3072" ;;
    ed25519) keyalg="-keyalg Ed25519" ;;
    *) echo "bench-tls-keytype: unknown training key type $1" >&2; exit 2 ;;
  esac
  mkdir -p "$tree/dist"
  ln -sfn "$root/dist/bin" "$tree/dist/bin"
  ln -sfn "$root/bin" "$tree/bin"
  sed 's/-keyalg EC \\$/'"$keyalg"' \\/; /^ *-groupname secp256r1 /s/-groupname secp256r1 //' \
    "$root/dist/assemble" >"$tree/dist/assemble"
  chmod +x "$tree/dist/assemble"
  grep -q -- "$keyalg" "$tree/dist/assemble" || { echo "bench-tls-keytype: dist/assemble's keytool line changed" >&2; exit 1; }
  echo "$tree/dist/assemble"
}

# One artefact per JDK and training key type; on JDK 24+ its AOT cache must map with every key.
read -r -a trains <<<"${BENCH_TRAIN:-ec}"
artefacts=()
for home in "${jdks[@]}"; do
  home=$(readlink -f "$home")
  major=$(. bin/lib/find-java.sh; mcp_java_major "$home/bin/java")
  for train in "${trains[@]}"; do
    dir="$work/jdk$major-$train/mcp"
    assemble=$(assemble_trained "$train")
    JAVA_HOME=$home "$assemble" mcp "$root/cli/target" mcp-cli "$dir" --help >&2
    artefacts+=("$major:$train:$home:$dir")
    [ -s "$dir/app.aot" ] || continue
    for key in "${keys[@]}"; do
      if ! JAVA_HOME=$home MCP_CONFIG="$work/$key/mcp.toml" MCP_JAVA_OPTS=-XX:AOTMode=on \
        "$dir/bin/mcp" ps >/dev/null; then
        echo "bench-tls-keytype: the AOT cache of JDK $major ($train-trained) does not map with the $key key" >&2
        exit 1
      fi
    done
  done
done

if [ -n "${BENCH_HOOK:-}" ]; then
  # For investigating: run this instead of the timing, with the agents up; $work/<key>/ holds each
  # key's ca.pem and mcp.toml (its node's address), $work/jdk<major>-<train>/mcp each artefact.
  work=$work keys="${keys[*]}" bash -c "$BENCH_HOOK"
  exit
fi
echo "## machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(podman --version), $(openssl version)"
for home in "${jdks[@]}"; do
  echo "## java: $home: $("$home/bin/java" -version 2>&1 | head -n1)"
done
echo

# One timed `mcp ps` of artefact $1 (major:train:home:dir) with key $2: appends "wall cpu" (s) to
# $work/times.<major>-<train>.<key>.
once() {
  local major train home dir out real user sys TIMEFORMAT='%3R %3U %3S'
  IFS=: read -r major train home dir <<<"$1"
  if ! out=$({ time env JAVA_HOME="$home" MCP_CONFIG="$work/$2/mcp.toml" \
    "$dir/bin/mcp" ps >/dev/null 2>&1; } 2>&1); then
    echo "bench-tls-keytype: mcp ps on JDK $major ($train-trained) with the $2 key failed" >&2
    exit 1
  fi
  read -r real user sys <<<"$out"
  echo "$real $(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" >>"$work/times.$major-$train.$2"
}
for round in $(seq -2 "$runs"); do
  for artefact in "${artefacts[@]}"; do
    for key in "${keys[@]}"; do
      once "$artefact" "$key"
    done
  done
  # The 3 warm-up rounds are thrown away.
  [ "$round" -gt 0 ] || rm -f "$work"/times.*
done

# median of numbers (s), one a line on stdin, in ms: "median min max"
stats() {
  sort -n | awk '{ a[NR] = $1 * 1000 } END {
    m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    printf "%.0f %.0f %.0f\n", m, a[1], a[NR] }'
}
echo "| JDK | artefact trained with | key (CA and agent) | \`mcp ps\` wall median ms | min | max | CPU median ms | wall − ec ms |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for artefact in "${artefacts[@]}"; do
  IFS=: read -r major train _ _ <<<"$artefact"
  ec=
  for key in "${keys[@]}"; do
    read -r wall min max <<<"$(cut -d' ' -f1 "$work/times.$major-$train.$key" | stats)"
    read -r cpu _ _ <<<"$(cut -d' ' -f2 "$work/times.$major-$train.$key" | stats)"
    [ "$key" != ec ] || ec=$wall
    delta=-
    [ -z "$ec" ] || delta=$((wall - ec))
    echo "| $major | $train | $key | $wall | $min | $max | $cpu | $delta |"
  done
done
echo
echo "## $runs rounds; load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
