#!/usr/bin/env bash
# The agent's memory over time (docs/benchmarks.md, "Agent memory"): a real agent with 200
# components (bench-agent.sh's set-up), BENCH_CHANGES changes applied (default 50), then
# BENCH_MINUTES of no-op syncs (default 60, one `POST /v1/sync?wait=true` every
# BENCH_INTERVAL seconds, default 10), recording the agent's resident memory every minute and
# Native Memory Tracking summaries and class histograms at the start of the no-op period, every
# 10 minutes (NMT) and at its end, so that what grows can be told.
#
#   scripts/lib/bench-agent-memory.sh            # about 70 minutes
#   BENCH_MINUTES=5 scripts/lib/bench-agent-memory.sh
#
# The agent is the release artefact, assembled into BENCH_OUT/mcp-agent by dist/assemble (what
# `make install` installs), unless BENCH_AGENT names a launcher (e.g. bin/mcp-agent, the
# repository's own, which runs the jars as Maven built them).
#
# Output: BENCH_OUT, default target/bench/memory/ (rss.tsv, nmt-*.txt, histo-*.txt, smaps-*.txt,
# pmap-*.txt, threads-*.txt, summary.md). MCP_JAVA_OPTS is passed on to the agent after
# -XX:NativeMemoryTracking=summary (NMT's own cost is in its "Native Memory Tracking" line;
# BENCH_NMT=0 leaves NMT off, for the figure an operator's agent has). BENCH_UNTIL (a time `date
# -d` reads, e.g. 00:15) ends the no-op period early if it would run past it, so that the
# benchmark's containers are gone by then. Clean-up (the agent, its labelled containers) is
# bench-agent.sh's.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ "${1:-}" != --hook ]; then
  out=${BENCH_OUT:-$root/target/bench/memory}
  rm -rf "$out"
  mkdir -p "$out"
  # What operators run: the release artefact (dist/assemble: its launcher, the jars with stored
  # entries, its class-data archive), unless BENCH_AGENT names another launcher.
  agent=${BENCH_AGENT:-}
  if [ -z "$agent" ]; then
    if ! ls "$root"/reconciler/target/mcp-reconciler-*.jar >/dev/null 2>&1; then
      (cd "$root" && ./mvnw -B -q --no-transfer-progress package -DskipTests)
    fi
    "$root/dist/assemble" mcp-agent "$root/reconciler/target" mcp-reconciler "$out/mcp-agent" --version >&2
    agent=$out/mcp-agent/bin/mcp-agent
  fi
  BENCH_AGENT=$agent BENCH_OUT=$out BENCH_SERVICES=${BENCH_SERVICES:-100} \
    MCP_JAVA_OPTS="$([ "${BENCH_NMT:-1}" = 0 ] || echo -XX:NativeMemoryTracking=summary) ${MCP_JAVA_OPTS:-}" \
    BENCH_HOOK="bash '$root/scripts/lib/bench-agent-memory.sh' --hook" \
    exec "$root/scripts/lib/bench-agent.sh"
fi

# ---- hook mode: run by bench-agent.sh against the converged agent ----
# From bench-agent.sh: work port token node agent_pid jcmd MCP_CONFIG.
out=$BENCH_OUT
changes=${BENCH_CHANGES:-50}
minutes=${BENCH_MINUTES:-60}
interval=${BENCH_INTERVAL:-10}
services=${BENCH_SERVICES:-100}
api() { # method path
  curl -sS --fail-with-body --cacert "$work/ca.pem" -H "Authorization: Bearer $token" \
    -X "$1" "https://127.0.0.1:$port$2"
}
mem() { awk -v k="$2:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
die() {
  echo "bench-agent-memory: $*" >&2
  exit 1
}
t0=$EPOCHSECONDS
sample() { # phase
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(($EPOCHSECONDS - t0))" "$1" "$(mem "$agent_pid" VmRSS)" \
    "$(mem "$agent_pid" RssAnon)" "$(mem "$agent_pid" RssFile)" "$(mem "$agent_pid" VmHWM)" \
    "$(awk '$1 == "Threads:" { print $2 }' "/proc/$agent_pid/status")" \
    "$(awk -v t="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$agent_pid/stat")" >>"$out/rss.tsv"
}
nmt() { # jcmd args...: NMT's answer, or nothing when NMT is off
  [ "${BENCH_NMT:-1}" = 0 ] || "$jcmd" "$agent_pid" VM.native_memory "$@"
}
# Where the resident memory is (file-backed and anonymous, by mapping) and the threads by name.
breakdown() { # label
  cat "/proc/$agent_pid/smaps_rollup" >"$out/smaps-$1.txt"
  pmap -x "$agent_pid" | sort -k3 -n -r >"$out/pmap-$1.txt"
  "$jcmd" "$agent_pid" Thread.print | sed -n 's/^"\([^"]*\)".*/\1/p' |
    sed 's/[-#]*[0-9][0-9]*$//; s/-[0-9]*-[0-9]*$//' | sort | uniq -c | sort -rn >"$out/threads-$1.txt"
}
printf 'seconds\tphase\tVmRSS\tRssAnon\tRssFile\tVmHWM\tthreads\tcpu_s\n' >"$out/rss.tsv"
tr '\0' ' ' <"/proc/$agent_pid/cmdline" >"$out/cmdline.txt"
nmt summary >"$out/nmt-0-converged.txt"
breakdown 0-converged
sample converged

# BENCH_CHANGES changes, each of another service's web component (its env), through a sync.
for i in $(seq 1 "$changes"); do
  svc=$(printf '%s-s%03d' "$node" $(((i - 1) % services)))
  sed -i "s/BENCH_REV = \"[0-9]*\"/BENCH_REV = \"c$i\"/" "$work/services/$svc.toml"
  git -C "$work/services" commit -qam "bench: $svc change $i"
  git -C "$work/services" push -q origin HEAD:main
  answer=$(api POST '/v1/sync?wait=true')
  jq -e --arg c "$svc-web" '.actions[] | select(.container == $c and .result == "done")' \
    <<<"$answer" >/dev/null || die "change $i did not recreate $svc-web: $answer"
  [ $((i % 10)) -ne 0 ] || sample "change $i"
done

# The start of the no-op period: NMT baseline, a class histogram (it runs a full GC).
nmt baseline >/dev/null
nmt summary >"$out/nmt-1-start.txt"
breakdown 1-start
"$jcmd" "$agent_pid" GC.class_histogram >"$out/histo-1-start.txt"
"$jcmd" "$agent_pid" GC.heap_info >"$out/heap-1-start.txt"
sample "no-op start"
start=$EPOCHSECONDS
end=$((start + minutes * 60))
if [ -n "${BENCH_UNTIL:-}" ]; then
  until=$(date -d "$BENCH_UNTIL" +%s)
  # A time already past: tomorrow's if it is over 12 hours back (past midnight), else now (the
  # changes ran late: no no-op period, rather than one running past the time given).
  if [ "$until" -le "$start" ]; then
    if [ $((start - until)) -gt 43200 ]; then until=$((until + 86400)); else until=$start; fi
  fi
  if [ "$until" -lt "$end" ]; then
    end=$until
    minutes=$(((end - start) / 60))
    echo "bench-agent-memory: the no-op period ends at $BENCH_UNTIL: $minutes minutes" >&2
  fi
fi
syncs=0
failed=0
next_sample=$((start + 60))
next_nmt=$((start + 600))
while [ "$EPOCHSECONDS" -lt "$end" ]; do
  kill -0 "$agent_pid" 2>/dev/null || die "the agent exited during the no-op syncs"
  # On a host loaded with other suites' containers podman's `ps` can outlast the agent's 1-minute
  # podman timeout: the sync then answers an error. That says nothing of the agent's memory (the
  # 2026-12-04 run ended at minute 31 on one), so it is counted and the syncs go on.
  if ! answer=$(api POST '/v1/sync?wait=true' 2>&1); then
    failed=$((failed + 1))
    echo "bench-agent-memory: no-op sync failed ($failed so far), going on: $answer" >&2
    sleep "$interval"
    continue
  fi
  own=$(jq --arg p "$node-" '[.actions[] | select(.container | startswith($p))] | length' <<<"$answer")
  [ "$own" -eq 0 ] || die "a no-op sync did $own actions on its own containers: $answer"
  syncs=$((syncs + 1))
  if [ "$EPOCHSECONDS" -ge "$next_sample" ]; then
    sample "no-op $(((EPOCHSECONDS - start) / 60))m"
    next_sample=$((next_sample + 60))
  fi
  if [ "$EPOCHSECONDS" -ge "$next_nmt" ]; then
    m=$(((EPOCHSECONDS - start) / 60))
    nmt summary.diff >"$out/nmt-diff-${m}m.txt"
    [ "$m" -lt 25 ] || [ "$m" -gt 35 ] || "$jcmd" "$agent_pid" GC.class_histogram >"$out/histo-${m}m.txt"
    next_nmt=$((next_nmt + 600))
  fi
  sleep "$interval"
done
sample "no-op end"
nmt summary.diff >"$out/nmt-2-end-diff.txt"
nmt summary >"$out/nmt-2-end.txt"
breakdown 2-end
"$jcmd" "$agent_pid" GC.class_histogram >"$out/histo-2-end.txt"
"$jcmd" "$agent_pid" GC.heap_info >"$out/heap-2-end.txt"
sample "after end histogram"
echo "$syncs no-op syncs in $minutes minutes ($failed failed), $changes changes; load $(cut -d' ' -f1-3 /proc/loadavg)" \
  >"$out/summary.md"
echo "bench-agent-memory: done; figures in $out" >&2
