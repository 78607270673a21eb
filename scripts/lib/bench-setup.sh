# shellcheck shell=bash
# What the agent benchmarks (bench-agent.sh, bench-heal.sh) share: sourced, it defines functions
# only. They use the sourcing script's $work (its temporary folder), $node, $agent_cmd and die().

now() { echo "$EPOCHREALTIME"; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) * 1000 }'; }
# median, min and max of numbers, one a line on stdin: "median min max"
stats() {
  sort -n | awk '{ a[NR] = $1 } END {
    if (NR == 0) { print "- - -"; exit }
    m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    printf "%.0f %.0f %.0f\n", m, a[1], a[NR] }'
}

# start_agent SOURCE RECONCILE READY INTERVAL: a real agent on loopback, started and waited for.
# Writes a test CA ($work/ca.pem) and the agent's certificate for 127.0.0.1 signed by it, an admin
# token (its hash in $work/tokens, itself in $work/token), the agent's config $work/mcp-agent.toml
# (the [source] lines SOURCE, prune off and the [reconcile] lines RECONCILE) and the CLI's
# $work/mcp.toml (services_dir $work/services) for it; starts $agent_cmd (its output in
# $work/agent.log), then runs the command READY every INTERVAL seconds, 1200 times at most, until it
# succeeds, and dies if the agent exits meanwhile. The caller checks what READY waited for once it
# returns. Sets token, port, agent_pid and t_start (just before the launcher starts).
start_agent() {
  local source=$1 reconcile=$2 ready=$3 interval=$4
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -days 1 \
    -subj "/CN=mcp bench CA" -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$work/key.pem" -out "$work/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\n' >"$work/ext.cnf"
  openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
    -CAcreateserial -days 1 -extfile "$work/ext.cnf" -out "$work/cert.pem" 2>/dev/null
  token="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s admin bench\n' "$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)" >"$work/tokens"
  printf '%s\n' "$token" >"$work/token"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$work/data" "$work/srv"
  cat >"$work/mcp-agent.toml" <<TOML
node = "$node"
data_dir = "$work/data"
services_root = "$work/srv"
[source]
$source
[server]
listen = "127.0.0.1:$port"
cert = "$work/cert.pem"
key = "$work/key.pem"
[auth]
tokens_file = "$work/tokens"
[reconcile]
prune = false
$reconcile
TOML
  cat >"$work/mcp.toml" <<TOML
services_dir = "$work/services"
token_file = "$work/token"
ca_cert = "$work/ca.pem"

[[nodes]]
name = "$node"
address = "127.0.0.1:$port"
TOML
  t_start=$(now)
  # shellcheck disable=SC2086
  MCP_CONFIG="$work/mcp.toml" $agent_cmd --config "$work/mcp-agent.toml" >"$work/agent.log" 2>&1 &
  agent_pid=$!
  for _ in $(seq 1 1200); do
    kill -0 "$agent_pid" 2>/dev/null || die "the agent exited during start-up"
    $ready && break
    sleep "$interval"
  done
}

# stop_agent RC NAME: stops the agent if it runs; after a failure (RC not 0) prints the last lines
# of its log on stderr.
stop_agent() {
  if [ -n "$agent_pid" ] && kill -0 "$agent_pid" 2>/dev/null; then
    kill "$agent_pid" 2>/dev/null || true
    wait "$agent_pid" 2>/dev/null || true
  fi
  if [ "$1" -ne 0 ] && [ -s "$work/agent.log" ]; then
    echo "$2: failed; the last lines of the agent's log:" >&2
    tail -n 30 "$work/agent.log" >&2
  fi
}
