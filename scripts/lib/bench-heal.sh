#!/usr/bin/env bash
# Kill to running again through podman's event stream (docs/benchmarks.md, section 8; issue 19): a
# real agent process (bin/mcp-agent, or $BENCH_AGENT) with one service of one component, a folder
# source polled once an hour and a drift_interval of 10 minutes, so that only the event path can
# bring the container back within a run, and no soak (a kill during one would fail the deploy,
# not heal it). Each run: `podman kill --signal KILL` of the managed container, wait until it runs
# again, and take the time from its `kill` event to its next `start`
# event (podman's own timestamps: no polling delay of this script is counted). Beside it in the
# same run, podman alone: a container of the same image outside the agent is killed, waited for,
# and `podman start`ed (a process of its own, as the agent's is): the wall time of that start.
#
#   scripts/lib/bench-heal.sh              # normally run by scripts/bench (--only heal)
#   BENCH_RUNS=15 scripts/lib/bench-heal.sh
#
# Environment: BENCH_RUNS (default 9), BENCH_AGENT (default bin/mcp-agent), BENCH_SUMMARY (a file to
# which one tab-separated line is appended: measure, figure, target, met|not met). Prints Markdown.
# It asserts behaviour, never time: each run the agent started the same container again (same id;
# podman's own restart count unchanged, so podman's policy did not do it), else it stops with an
# error. The agent, its container, the twin and the temporary folder go at the end, also on failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
runs=${BENCH_RUNS:-9}
agent_cmd=${BENCH_AGENT:-bin/mcp-agent}
image=localhost/mcp-test:idle
export CONTAINERS_CONF=${CONTAINERS_CONF:-$root/dev/podman/containers.conf}

for tool in jq openssl podman; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench-heal: needs $tool (Debian: apt-get install $tool)" >&2
    exit 2
  fi
done
if ! ls reconciler/target/mcp-reconciler-*.jar >/dev/null 2>&1; then
  ./mvnw -B -q --no-transfer-progress package -DskipTests
fi
podman image exists "$image" || dev/podman/build-test-image.sh >/dev/null

work=$(mktemp -d)
node="h$$-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
svc="$node-app"
target="$svc-web"
twin="$node-twin"
agent_pid=
cleanup() {
  local rc=$?
  stop_agent "$rc" bench-heal
  podman rm -f --time 0 --ignore "$target" "$twin" >/dev/null 2>&1 || true
  rm -rf "$work"
  return "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
  echo "bench-heal: $*" >&2
  exit 1
}
# shellcheck source=lib/bench-setup.sh
. "$root/scripts/lib/bench-setup.sh"
running() { [ "$(podman inspect --format '{{.State.Running}}' "$1" 2>/dev/null)" = true ]; }
inspect() { podman inspect --format '{{.Id}} {{.RestartCount}}' "$1"; }

# ---- set-up: the service, then the agent (TLS and a token: its API must start) ----

mkdir -p "$work/services"
cat >"$work/services/$svc.toml" <<TOML
name = "$svc"
node = "$node"

[[components]]
name = "web"
image = "$image"
restart = "unless-stopped"
stop_timeout = "2s"
TOML
following() { ps --ppid "$agent_pid" -o args= 2>/dev/null | grep -q ' events '; }
ready() { running "$target" && following; }
start_agent "dir = \"$work/services\"
poll_interval = \"1h\"" 'drift_interval = "10m"
soak = "0s"' ready 0.1
running "$target" || die "the agent did not start $target within 120 s"
following || die "the agent does not follow podman events"
podman run -d --name "$twin" "$image" >/dev/null

# ---- the runs ----

agent_ms=()
podman_ms=()
for run in $(seq 1 "$runs"); do
  sleep 3 # the events of the last run settle; a kill is drift, not a crash, however often
  read -r id0 restarts0 <<<"$(inspect "$target")"
  podman kill --signal KILL "$target" >/dev/null
  for _ in $(seq 1 1200); do
    running "$target" && break
    sleep 0.05
  done
  running "$target" || die "run $run: $target was not running again within 60 s of the kill"
  read -r id1 restarts1 <<<"$(inspect "$target")"
  [ "$id1" = "$id0" ] || die "run $run: $target was recreated ($id0 → $id1), not started again"
  [ "$restarts1" = "$restarts0" ] || die "run $run: podman's restart policy started $target, not the agent"
  # The last kill and the start after it, as podman stamped them (podman 4.3.1 takes --since as
  # a duration or a time without nanoseconds; the runs are seconds apart, so 1m holds this one).
  times=$(podman events --stream=false --since 1m --filter "container=$target" --format json |
    jq -r 'select(.Status == "kill" or .Status == "start") | "\(.Status) \(.Time)"')
  kill_at=$(awk '$1 == "kill" { k = $2; s = "" } $1 == "start" && k != "" && s == "" { s = $2 }
    END { print k }' <<<"$times")
  start_at=$(awk '$1 == "kill" { k = $2; s = "" } $1 == "start" && k != "" && s == "" { s = $2 }
    END { print s }' <<<"$times")
  [ -n "$kill_at" ] && [ -n "$start_at" ] || die "run $run: no kill and start events of $target: $times"
  agent_ms+=("$(ms "$(date -d "$kill_at" +%s.%N)" "$(date -d "$start_at" +%s.%N)")")

  podman kill --signal KILL "$twin" >/dev/null
  podman wait "$twin" >/dev/null
  t0=$(now)
  podman start "$twin" >/dev/null
  t1=$(now)
  podman_ms+=("$(ms "$t0" "$t1")")
done
read -r a_med a_min a_max < <(printf '%s\n' "${agent_ms[@]}" | stats)
read -r p_med p_min p_max < <(printf '%s\n' "${podman_ms[@]}" | stats)
extra=$((a_med - p_med))
verdict=$([ "$extra" -le 1000 ] && echo met || echo "not met")
load=$(cut -d' ' -f1-3 /proc/loadavg)

echo "### Kill to running again ($(date -u '+%Y-%m-%d %H:%M UTC'), $runs runs, load average $load)"
echo
echo "| | median | min | max | each run (ms) |"
echo "| --- | --- | --- | --- | --- |"
echo "| \`kill\` → \`start\` event (the agent) | **$a_med ms** | $a_min | $a_max | $(IFS=,; echo "${agent_ms[*]}" | sed 's/,/, /g') |"
echo "| \`podman start\` (podman alone) | **$p_med ms** | $p_min | $p_max | $(IFS=,; echo "${podman_ms[*]}" | sed 's/,/, /g') |"
echo
echo "The agent adds $extra ms to podman's own start (target: at most 1000 ms): $verdict."
if [ -n "${BENCH_SUMMARY:-}" ]; then
  printf '%s\t%s\t%s\t%s\n' "kill → running again (event path) minus podman's own start, median of $runs" \
    "$extra ms ($a_med ms vs $p_med ms)" "≤ 1000 ms" "$verdict" >>"$BENCH_SUMMARY"
fi
