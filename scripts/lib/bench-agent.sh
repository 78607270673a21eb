#!/usr/bin/env bash
# The agent's benchmarks against a real agent process (bin/mcp-agent, or $BENCH_AGENT) and a real
# bare git repository, on real podman (docs/benchmarks.md, sections 4 to 6):
#   - resident memory (VmRSS, VmHWM) after converging 200 components and after no-op cycles;
#   - a no-op `POST /v1/sync` of the real process: its CPU and the podman calls it made;
#   - commit-to-converged latency through a signed webhook, with podman's own time for the change;
#   - the same through `bin/mcp sync`.
#
#   scripts/lib/bench-agent.sh             # normally run by scripts/bench (--only agent)
#   BENCH_SERVICES=100 BENCH_REPS=7 BENCH_NOOP=10 scripts/lib/bench-agent.sh
#
# Environment: BENCH_SERVICES (services of two components each, default 100: 200 components),
# BENCH_REPS (latency repetitions per path, default 7), BENCH_NOOP (timed no-op syncs, default 10),
# BENCH_AGENT (the agent launcher, default bin/mcp-agent; e.g. build/mcp-agent/bin/mcp-agent),
# MCP_JAVA_OPTS (passed to the launcher, e.g. to compare heap settings), BENCH_HOOK (a command run
# instead of the benchmarks once the agent has converged, for investigating), BENCH_SUMMARY (a file to
# which one tab-separated line per figure is appended: measure, figure, target, met|not met|-).
# The figures are printed as Markdown. It asserts behaviour, never time: every cycle it times did
# what it claims (the new commit applied and the container recreated with the change; a no-op sync
# did nothing and asked podman one `ps`), else it stops with an error.
#
# Everything it makes is labelled or named after a unique node name (b<pid>-<random>): the agent
# only touches its node's containers, and prune is off so that it never removes another test's.
# The agent, its containers, the replay container and the temporary folder go at the end, also on
# failure or Ctrl-C.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
services=${BENCH_SERVICES:-100}
reps=${BENCH_REPS:-7}
noop=${BENCH_NOOP:-10}
agent_cmd=${BENCH_AGENT:-bin/mcp-agent}
image=localhost/mcp-test:idle
export CONTAINERS_CONF=${CONTAINERS_CONF:-$root/dev/podman/containers.conf}

for tool in curl jq openssl git podman; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench-agent: needs $tool (Debian: apt-get install $tool)" >&2
    exit 2
  fi
done
if ! ls reconciler/target/mcp-reconciler-*.jar cli/target/mcp-cli-*.jar >/dev/null 2>&1; then
  ./mvnw -B -q --no-transfer-progress package -DskipTests
fi
podman image exists "$image" || dev/podman/build-test-image.sh >/dev/null

work=$(mktemp -d)
node="b$$-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
twin="$node-replay"
agent_pid=
cleanup() {
  local rc=$?
  stop_agent "$rc" bench-agent
  local ids
  ids=$(podman ps -aq --filter "label=mcp.node=$node" 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -n "$ids" ] && podman rm -f --time 0 $ids >/dev/null 2>&1
  podman rm -f --time 0 --ignore "$twin" >/dev/null 2>&1 || true
  rm -rf "$work"
  return "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
  echo "bench-agent: $*" >&2
  exit 1
}
# shellcheck source=lib/bench-setup.sh
. "$root/scripts/lib/bench-setup.sh"
# Seconds since the epoch of an ISO-8601 instant from the API.
epoch() { date -d "$1" +%s.%N; }
summary() {
  if [ -n "${BENCH_SUMMARY:-}" ]; then printf '%s\t%s\t%s\t%s\n' "$@" >>"$BENCH_SUMMARY"; fi
}
# ---- set-up: TLS, token, webhook secret, podman shim, repository, agent ----

secret=$(openssl rand -hex 32)
printf '%s\n' "$secret" >"$work/webhook-secret"

# podman as the agent sees it: a shim that logs each call (start, end, exit code, argv quoted
# for bash) and runs the real podman. It adds a bash start (a few ms) to each call.
real_podman=$(command -v podman)
log="$work/podman.log"
: >"$log"
cat >"$work/podman" <<SH
#!/bin/bash
s=\$EPOCHREALTIME
"$real_podman" "\$@"
rc=\$?
printf '%s %s %s %s\n' "\$s" "\$EPOCHREALTIME" "\$rc" "\$(printf '%q ' "\$@")" >>"$log"
exit \$rc
SH
chmod +x "$work/podman"

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench \
  GIT_AUTHOR_EMAIL=bench@example.net GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.net
git init -q --bare -b main "$work/services.git"
git clone -q "$work/services.git" "$work/services" 2>/dev/null
service_file() { # name rev
  cat <<TOML
name = "$1"
node = "$node"

[[components]]
name = "api"
image = "$image"
stop_timeout = "2s"

[[components]]
name = "web"
image = "$image"
stop_timeout = "2s"
depends_on = ["api"]
env = { BENCH_REV = "$2" }
TOML
}
for i in $(seq 0 $((services - 1))); do
  svc=$(printf '%s-s%03d' "$node" "$i")
  service_file "$svc" 0 >"$work/services/$svc.toml"
done
git -C "$work/services" add -A
git -C "$work/services" commit -qm "bench: $services services"
git -C "$work/services" push -q origin HEAD:main
components=$((services * 2))
target_svc=$(printf '%s-s%03d' "$node" 0)
target="$target_svc-web"

api() { # method path [curl args...]
  local method=$1 path=$2
  shift 2
  curl -sS --fail-with-body --cacert "$work/ca.pem" -H "Authorization: Bearer $token" \
    -X "$method" "$@" "https://127.0.0.1:$port$path"
}
head_commit() { git -C "$work/services" rev-parse HEAD; }
own_running() { podman ps -q --filter "label=mcp.node=$node" --filter status=running | wc -l; }
# The agent's record of a component: its applied commit and applied_at.
component_record() { # service component
  api GET "/v1/services/$1" 2>/dev/null |
    jq -r --arg c "$2" '.service.components[] | select(.name == $c) | "\(.commit) \(.applied_at)"' 2>/dev/null
}
# /proc/<pid>/status fields in MiB
mem() { awk -v k="$2:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
tick_ms=$((1000 / $(getconf CLK_TCK)))

commit0=$(head_commit)
converged() {
  local applied
  applied=$(api GET /v1/status 2>/dev/null | jq -r '.source.applied_commit // empty' || true)
  [ "$applied" = "$commit0" ] && [ "$(own_running)" -eq "$components" ]
}
source_toml=$(
  cat <<TOML
url = "file://$work/services.git"
branch = "main"
poll_interval = "1h"
webhook_secret_file = "$work/webhook-secret"
TOML
)
start_agent "$source_toml" "drift_interval = \"1h\"
podman = \"$work/podman\"" converged 1
[ "$(own_running)" -eq "$components" ] || die "the agent did not converge $components components"
t_converged=$(now)
# The JVM the launcher started (exec: the agent's pid is the JVM's).
java_cmd=$(tr '\0' ' ' <"/proc/$agent_pid/cmdline")
jcmd_bin="$(dirname "$(readlink -f "/proc/$agent_pid/exe")")/jcmd"
heap_flags=$("$jcmd_bin" "$agent_pid" VM.flags 2>/dev/null | tr ' ' '\n' |
  grep -E '^-XX:(MaxHeapSize|InitialHeapSize|\+Use[A-Za-z]*GC|TieredStopAtLevel|MaxRAMPercentage)' |
  tr '\n' ' ' || true)
if [ -n "${BENCH_HOOK:-}" ]; then
  # For investigating: run this instead of the benchmarks, against the converged agent.
  work=$work port=$port token=$token node=$node agent_pid=$agent_pid jcmd=$jcmd_bin \
    MCP_CONFIG="$work/mcp.toml" bash -c "$BENCH_HOOK"
  exit
fi
rss_converged=$(mem "$agent_pid" VmRSS)
hwm_converged=$(mem "$agent_pid" VmHWM)

# ---- no-op syncs: agent CPU and podman calls ----

noop_cpu=()
disturbed=0
disturbance=
attempt=0
# One warm-up sync (the API's and the fetch's classes), then $noop timed ones.
while [ "${#noop_cpu[@]}" -lt "$noop" ]; do
  attempt=$((attempt + 1))
  [ "$attempt" -le $((noop * 3 + 1)) ] || die "too many no-op syncs disturbed by other containers: $disturbance"
  : >"$log"
  c0=$(cpu_ticks "$agent_pid")
  answer=$(api POST '/v1/sync?wait=true')
  c1=$(cpu_ticks "$agent_pid")
  own=$(jq --arg p "$node-" '[.actions[] | select(.container | startswith($p))] | length' <<<"$answer")
  [ "$own" -eq 0 ] || die "a no-op sync did $own actions on its own containers: $answer"
  if [ "$(jq '.actions | length' <<<"$answer")" -gt 0 ]; then
    # Another test's managed container without a node label came or went on this shared machine:
    # the agent reports it (and looks at podman again). Not a no-op: not timed.
    disturbed=$((disturbed + 1))
    disturbance=$(jq -c '.actions[0]' <<<"$answer")
    continue
  fi
  calls=$(cut -d' ' -f4- "$log" | sed 's/ *$//')
  [ "$calls" = "ps --all --format json" ] || die "a no-op sync asked podman more than one ps: $calls"
  [ "$attempt" -gt 1 ] && noop_cpu+=($(((c1 - c0) * tick_ms)))
done
read -r cpu_med cpu_min cpu_max < <(printf '%s\n' "${noop_cpu[@]}" | stats)
rss_noop=$(mem "$agent_pid" VmRSS)
hwm_noop=$(mem "$agent_pid" VmHWM)
heap_info=$("$jcmd_bin" "$agent_pid" GC.heap_info 2>/dev/null | sed -n '2,3p' | tr -s ' ' | tr '\n' ' ' || true)

# ---- commit-to-converged: a change of one container's env, through a webhook or mcp sync ----

rev=0
commit=
change() { # commits and pushes a new env for the target's web component; sets $rev and $commit
  rev=$((rev + 1))
  service_file "$target_svc" "$rev" >"$work/services/$target_svc.toml"
  git -C "$work/services" commit -qam "bench: $target_svc rev $rev"
  git -C "$work/services" push -q origin HEAD:main
  commit=$(head_commit)
}
# Waits until the agent reports the commit applied to the target; prints "seen_at applied_at".
await_applied() { # commit
  local record
  for _ in $(seq 1 1200); do
    record=$(component_record "$target_svc" web || true)
    if [ "${record%% *}" = "$1" ]; then
      echo "$(now) $(epoch "${record#* }")"
      return 0
    fi
    sleep 0.05
  done
  die "the agent did not apply $1 to $target within 60 s"
}
# Checks the container was really recreated with the change: new id, the commit's label, the env.
check_recreated() { # old_id commit
  local state
  state=$(podman inspect "$target" --format '{{.Id}} {{.State.Running}} {{index .Config.Labels "mcp.commit"}}')
  read -r id running label <<<"$state"
  [ "$id" != "$1" ] || die "$target was not recreated for $2"
  [ "$running" = true ] || die "$target is not running after $2"
  [ "$label" = "$2" ] || die "$target carries commit $label, not $2"
  # Read whole before matching: grep -q would stop reading, and podman's broken pipe fail the check.
  env=$(podman inspect "$target" --format '{{range .Config.Env}}{{println .}}{{end}}')
  grep -qx "BENCH_REV=$rev" <<<"$env" || die "$target lacks BENCH_REV=$rev after $2: $env"
}
# podman's time in the log between t0 and t1 (calls that started and ended within), in ms:
# "change all before between after": change = rm (which stops) and run; all = every call; before = until
# the first call; between = the agent's time between calls; after = from the last call to t1.
# The calls of one service's change run one after another, so the parts add up to t1 - t0.
podman_ms() { # t0 t1
  awk -v t0="$1" -v t1="$2" '$1 >= t0 && $2 <= t1 {
    d = ($2 - $1) * 1000; all += d
    if ($4 == "rm" || $4 == "run") change += d
    if (n++ == 0) before = ($1 - t0) * 1000; else between += ($1 - last) * 1000
    last = $2
  } END { printf "%.0f %.0f %.0f %.0f %.0f\n", change, all, before, between, (t1 - last) * 1000 }' "$log"
}
# podman's own work for the change, replayed: the agent's logged rm (with --force --time, which
# stops it) and run of the target,
# on a container of the same image and options named $twin, without the mcp.* labels (so that no
# agent ever counts it as its own). Prints the milliseconds of the two commands.
replay_ms() { # t0
  local lines line words=() out=() t0 t1 w skip
  mapfile -t lines < <(awk -v t0="$1" '$1 >= t0 && ($4 == "rm" || $4 == "run")' "$log")
  [ "${#lines[@]}" -eq 2 ] || die "expected one rm and one run of $target, podman was asked: ${lines[*]}"
  # The twin, as the old container was: created by the same run (with its commands).
  local run_line=${lines[1]}
  replay_args() { # quoted argv → twin's argv in out[]
    eval "words=($(cut -d' ' -f4- <<<"$1"))"
    out=()
    skip=0
    for w in "${words[@]}"; do
      if [ "$skip" = 1 ]; then
        skip=0
        [[ $w == mcp.* ]] && continue
        out+=(--label "$w")
        continue
      fi
      if [ "$w" = --label ]; then
        skip=1
        continue
      fi
      [ "$w" = "$target" ] && w=$twin
      out+=("$w")
    done
  }
  replay_args "$run_line"
  podman "${out[@]}" >/dev/null
  t0=$(now)
  for line in "${lines[@]}"; do
    replay_args "$line"
    podman "${out[@]}" >/dev/null
  done
  t1=$(now)
  ms "$t0" "$t1"
}

webhook_rows=()
hook_lat=() hook_seen=() hook_change=() hook_all=() hook_replay=() hook_before=() hook_between=()
hook_after=()
for _ in $(seq 1 "$reps"); do
  old_id=$(podman inspect "$target" --format '{{.Id}}')
  change
  body=$(printf '{"ref":"refs/heads/main","before":"%s","after":"%s","repository":{"full_name":"ops/services"}}' \
    "$(git -C "$work/services" rev-parse HEAD~1)" "$commit")
  sig=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)
  : >"$log"
  t0=$(now)
  answer=$(curl -sS --fail-with-body --cacert "$work/ca.pem" -X POST \
    -H 'Content-Type: application/json' -H 'X-GitHub-Event: push' \
    -H "X-GitHub-Delivery: bench-$rev" -H "X-Hub-Signature-256: sha256=$sig" \
    --data-binary "$body" "https://127.0.0.1:$port/v1/webhook")
  [ "$(jq -r .result <<<"$answer")" = triggered ] || die "the webhook was not accepted: $answer"
  times=$(await_applied "$commit")
  read -r seen applied <<<"$times"
  check_recreated "$old_id" "$commit"
  read -r p_change p_all p_before p_between p_after < <(podman_ms "$t0" "$applied")
  r=$(replay_ms "$t0")
  lat=$(ms "$t0" "$applied")
  hook_lat+=("$lat") hook_seen+=("$(ms "$t0" "$seen")") hook_change+=("$p_change")
  hook_all+=("$p_all") hook_replay+=("$r") hook_before+=("$p_before") hook_between+=("$p_between")
  hook_after+=("$p_after")
  webhook_rows+=("| ${commit:0:10} | $lat | $(ms "$t0" "$seen") | $p_before | $p_all | $p_between | $p_after | $p_change | $r | $((lat - r)) | $((lat - p_all)) |")
  # The podman calls of this cycle, in order, with their ms from the POST and their own ms.
  hook_calls=$(awk -v t0="$t0" '$1 >= t0 { printf "%s%s +%.0f (%.0f ms)", sep, $4, ($1 - t0) * 1000, ($2 - $1) * 1000; sep = ", " }' "$log")
  podman rm -f --time 0 "$twin" >/dev/null
done

sync_rows=()
sync_wall=() sync_lat=() sync_start=() sync_replay=()
for _ in $(seq 1 "$reps"); do
  old_id=$(podman inspect "$target" --format '{{.Id}}')
  change
  : >"$log"
  t0=$(now)
  MCP_CONFIG="$work/mcp.toml" bin/mcp sync --json >"$work/sync.json" 2>"$work/sync.err" ||
    die "mcp sync failed: $(cat "$work/sync.json" "$work/sync.err")"
  t1=$(now)
  # What mcp sync reports: the new commit reconciled, and the target recreated.
  answer=$(jq -c '.nodes[0].sync' "$work/sync.json")
  [ "$(jq -r .commit <<<"$answer")" = "$commit" ] || die "mcp sync did not reconcile $commit: $answer"
  jq -e --arg c "$target" '.actions[] | select(.container == $c and .result == "done")' \
    <<<"$answer" >/dev/null || die "mcp sync did not report recreating $target: $answer"
  started=$(epoch "$(jq -r .started_at <<<"$answer")")
  times=$(await_applied "$commit")
  read -r _ applied <<<"$times"
  check_recreated "$old_id" "$commit"
  read -r p_change _ < <(podman_ms "$t0" "$applied")
  r=$(replay_ms "$t0")
  wall=$(ms "$t0" "$t1")
  lat=$(ms "$t0" "$applied")
  sync_wall+=("$wall") sync_lat+=("$lat") sync_start+=("$(ms "$t0" "$started")") sync_replay+=("$r")
  sync_rows+=("| ${commit:0:10} | $wall | $(ms "$t0" "$started") | $lat | $p_change | $r | $((wall - r)) |")
  podman rm -f --time 0 "$twin" >/dev/null
done
rss_end=$(mem "$agent_pid" VmRSS)
hwm_end=$(mem "$agent_pid" VmHWM)
rss_anon=$(mem "$agent_pid" RssAnon)
rss_file=$(mem "$agent_pid" RssFile)
load=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- figures ----

read -r hl_med hl_min hl_max < <(printf '%s\n' "${hook_lat[@]}" | stats)
read -r hs_med hs_min hs_max < <(printf '%s\n' "${hook_seen[@]}" | stats)
read -r hr_med hr_min hr_max < <(printf '%s\n' "${hook_replay[@]}" | stats)
read -r hc_med _ _ < <(printf '%s\n' "${hook_change[@]}" | stats)
read -r ha_med _ _ < <(printf '%s\n' "${hook_all[@]}" | stats)
read -r hb_med _ _ < <(printf '%s\n' "${hook_before[@]}" | stats)
read -r hw_med _ _ < <(printf '%s\n' "${hook_between[@]}" | stats)
read -r hf_med _ _ < <(printf '%s\n' "${hook_after[@]}" | stats)
read -r ho_med ho_min ho_max < <(for i in "${!hook_lat[@]}"; do echo $((hook_lat[i] - hook_replay[i])); done | stats)
read -r hx_med hx_min hx_max < <(for i in "${!hook_lat[@]}"; do echo $((hook_lat[i] - hook_all[i])); done | stats)
read -r sw_med sw_min sw_max < <(printf '%s\n' "${sync_wall[@]}" | stats)
read -r sl_med sl_min sl_max < <(printf '%s\n' "${sync_lat[@]}" | stats)
read -r sr_med _ _ < <(printf '%s\n' "${sync_replay[@]}" | stats)
read -r ss_med ss_min ss_max < <(printf '%s\n' "${sync_start[@]}" | stats)

cat <<MD
<!-- written by scripts/lib/bench-agent.sh (scripts/bench --only agent) -->

### The agent process

\`$agent_cmd\`, $(podman --version), $(nproc) CPUs, load average at the end $load.
JVM command line: \`$java_cmd\`
JVM ergonomics: \`$heap_flags\`

$services services × 2 components ($components containers) converged from nothing in
$(ms "$t_start" "$t_converged") ms, from the launcher's start to every container running and the
commit reported applied.

### Resident memory with $components components

| when | VmRSS | VmHWM (peak) |
| --- | ---: | ---: |
| converged | $rss_converged MiB | $hwm_converged MiB |
| after $noop no-op syncs | $rss_noop MiB | $hwm_noop MiB |
| at the end ($((reps * 2)) changes applied) | $rss_end MiB | $hwm_end MiB |

At the end: RssAnon $rss_anon MiB (heap, metaspace, code, thread stacks), RssFile $rss_file MiB
(mapped jars, libjvm, CDS archive). Heap after the no-op syncs: $heap_info

### A no-op \`POST /v1/sync\` with $components components

$noop timed syncs after one warm-up, each a fetch (nothing new) and a reconcile. Agent process CPU
(utime + stime of the JVM, $tick_ms ms ticks) per sync: median $cpu_med ms, min $cpu_min, max
$cpu_max. podman calls per sync: exactly one \`podman ps --all --format json\` (asserted).
Syncs disturbed by other tests' containers (not timed): $disturbed${disturbance:+ (e.g. $disturbance)}.

### Commit-to-converged through a webhook

$reps changes of one container's env (\`$target\`), each committed and pushed to the bare
repository, then a GitHub-style push webhook (\`X-Hub-Signature-256\`) POSTed to \`/v1/webhook\`.
*applied* = the component's \`applied_at\` in the agent's registry − the POST's start; *seen* =
when a poll of \`GET /v1/services/…\` (every 50 ms) first showed the commit applied. From the shim's
log of the agent's podman calls between the POST and *applied*: *before* = until the first call
(the fetch, reading the service files, parsing the changed ones); *podman, all* =
every call (\`ps\` of $components containers, \`image exists\`, \`rm --force --time\`, \`run\`);
*between* = the agent's time between calls (planning, registry); *after* = from the \`run\` to
the registry's record. *podman, change* = the agent's \`stop\`, \`rm\` and \`run\`; *replay* = the
same three replayed alone on a twin container right after. All in ms.

| commit | applied | seen | before | podman, all | between | after | podman, change | replay | applied − replay | applied − podman, all |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
$(printf '%s\n' "${webhook_rows[@]}")

Median applied $hl_med ms ($hl_min–$hl_max), seen $hs_med ms ($hs_min–$hs_max); before the first
podman call $hb_med ms, between calls $hw_med ms, after the run $hf_med ms; podman's change $hc_med
ms, all podman calls $ha_med ms; replay $hr_med ms ($hr_min–$hr_max); applied − replay $ho_med ms
($ho_min–$ho_max); applied − all podman calls $hx_med ms ($hx_min–$hx_max).

The last cycle's podman calls (verb, start after the POST, own time): $hook_calls.

### Commit-to-converged through \`mcp sync\`

$reps changes as above, committed and pushed by git, then \`bin/mcp sync --json\` (which asks the
agent to fetch and reconcile, waits for the result and prints it; it must name the new commit and
the recreated container). *mcp sync* = its wall time; *cycle started* = the cycle's
\`started_at\` in the answer − the command's start (the CLI's start-up and its request);
*applied* = the component's \`applied_at\` − the command's start. All in ms.

| commit | mcp sync | cycle started | applied | podman, change | replay | mcp sync − replay |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
$(printf '%s\n' "${sync_rows[@]}")

Median \`mcp sync\` $sw_med ms ($sw_min–$sw_max); cycle started after $ss_med ms
($ss_min–$ss_max); applied $sl_med ms ($sl_min–$sl_max); replay $sr_med ms.
MD

verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "met" : "not met" }'; }
mb() { awk -v m="$1" 'BEGIN { printf "%.0f", m * 1.048576 }'; }
# 150 MB = 143.05 MiB; /proc counts KiB, and the figures are MiB.
summary "agent RSS with $components components, converged and after $noop no-op syncs (peak VmHWM)" \
  "$hwm_noop MiB = $(mb "$hwm_noop") MB" "≤ 150 MB" "$(verdict "$hwm_noop" 143.05)"
summary "agent RSS at the end, after $((reps * 2)) changes applied (peak VmHWM)" \
  "$hwm_end MiB = $(mb "$hwm_end") MB" "≤ 150 MB" "$(verdict "$hwm_end" 143.05)"
summary "no-op \`POST /v1/sync\` of the real agent, $components components: podman calls" \
  "1 (\`ps\`), in each of $noop" "1 podman ps" "met"
summary "no-op \`POST /v1/sync\` of the real agent: process CPU incl. fetch and HTTPS (median)" \
  "$cpu_med ms ($cpu_min–$cpu_max)" "< 50 ms" "$(verdict "$cpu_med" 49.999)"
summary "webhook → applied ($reps changes, median and range)" "$hl_med ms ($hl_min–$hl_max)" \
  "< 1 s + podman's time" "-"
summary "webhook → applied, minus podman's own time for the change (replayed stop, rm, run; median)" \
  "$ho_med ms ($ho_min–$ho_max); podman $hr_med ms" "< 1 s" "$(verdict "$ho_med" 999.999)"
summary "webhook → applied, minus every podman call until applied (incl. the \`ps\` of all containers; median)" \
  "$hx_med ms ($hx_min–$hx_max); podman $ha_med ms" "< 1 s" "$(verdict "$hx_med" 999.999)"
summary "\`mcp sync\` wall time, commit pushed → applied and answered ($reps changes, median)" \
  "$sw_med ms ($sw_min–$sw_max); cycle started after $ss_med ms; podman $sr_med ms" \
  "(none of its own)" "-"
