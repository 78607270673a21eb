#!/usr/bin/env bash
# The CLI's TLS set-up levers (issue 22), each separately, interleaved, against the real agent of
# scripts/bench-cli: run as its hook,
#   BENCH_HOOK='bash scripts/lib/bench-tls-levers.sh' scripts/bench-cli
# with TLSX_VARIANTS="name:ARTEFACT_DIR:LEVERS[:JVM_OPTION] ..." (LEVERS: the comma list given
# to the artefact as MCP_TLSX; JVM_OPTION: one option given as MCP_JAVA_OPTS), RUNS (default 15)
# after 3 warm-up rounds, TLSX_RAW=FILE to keep every figure. The artefacts are those of the
# throw-away build on branch tlsinit22-probe (commit 5b2d19f, not to merge: Agents and
# HttpsExchange read MCP_TLSX, and with MCP_TLSX_T print each phase's main-thread CPU, from
# /proc/thread-self/schedstat, and wall, in µs, as "TLSX phase cpu=… wall=…"; MCP_TLSX_PROF=1
# samples the main thread's stack during the handshake), each made with
# `MCP_TLSX=LEVERS dist/assemble mcp cli/target mcp-cli DIR --help` so that its AOT cache is
# trained with its own lever.
# Per round every variant runs `mcp ps` once, in turn (A B C, B C A, C A B, …); printed: per
# variant the medians of wall and CPU (user + sys of the launcher and the JVM, /usr/bin/time, 10 ms
# ticks) and of each phase's main-thread CPU; then each variant minus the first in the same round.
set -euo pipefail
runs=${RUNS:-15}
out=$(mktemp)
echo "## load at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
read -ra variants <<<"$TLSX_VARIANTS"
for ((r = -3; r < runs; r++)); do
  # Each round starts one variant later, so that none is always the first after a pause.
  for ((i = 0; i < ${#variants[@]}; i++)); do
    v=${variants[(i + r + 3) % ${#variants[@]}]}
    IFS=: read -r name dir levers opts <<<"$v"
    err=$(MCP_JAVA_OPTS=${opts:-} MCP_TLSX=$levers MCP_TLSX_T=1 /usr/bin/time -f 'TIME %e %U %S' "$dir/bin/mcp" ps 2>&1 >/dev/null) ||
      { echo "$name failed: $err" >&2; exit 1; }
    [ "$r" -ge 0 ] || continue
    awk -v n="$name" -v r="$r" '
      /^TLSX / { split($3, c, "="); print n, $2, c[2] / 1000, r }
      /^TIME / { print n, "wall", $2 * 1000, r; print n, "cpu", ($3 + $4) * 1000, r }' <<<"$err" >>"$out"
  done
done
echo "## load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" "$TLSX_VARIANTS" <<'PY'
import sys, statistics, collections
d = collections.defaultdict(list)
by_round = {}
for line in open(sys.argv[1]):
    n, k, v, r = line.split()
    d[(n, k)].append(float(v))
    by_round[(n, k, r)] = float(v)
names = [v.split(":")[0] for v in sys.argv[2].split()]
keys = ["wall", "cpu", "start", "certs", "keystore", "tmf", "getInstance", "ctxinit", "factory",
        "presend", "connect", "sslsocket", "handshake", "answerhead"]
print("| variant | n | " + " | ".join(keys) + " |")
print("|" + " --- |" * (len(keys) + 2))
for n in names:
    row = [n, str(len(d[(n, "wall")]))]
    for k in keys:
        xs = d.get((n, k))
        row.append("%.0f" % statistics.median(xs) if xs and k in ("wall", "cpu") else
                   ("%.1f" % statistics.median(xs) if xs else "-"))
    print("| " + " | ".join(row) + " |")
# Paired: each variant minus the first one in the same round, medians (a round's load falls on both).
first = names[0]
print()
print("| variant − " + first + " (same round, median) | CPU ms | handshake CPU ms | TLS CPU ms (certs … answerhead) |")
print("| --- | --- | --- | --- |")
tls = ["certs", "keystore", "tmf", "getInstance", "ctxinit", "factory", "presend", "connect",
       "sslsocket", "handshake", "answerhead"]
rounds = sorted({r for (_, _, r) in by_round}, key=int)
def total(n, r):
    return sum(by_round.get((n, k, r), 0.0) for k in tls)
for n in names[1:]:
    cpu = [by_round[(n, "cpu", r)] - by_round[(first, "cpu", r)] for r in rounds]
    hs = [by_round[(n, "handshake", r)] - by_round[(first, "handshake", r)] for r in rounds]
    tt = [total(n, r) - total(first, r) for r in rounds]
    print("| %s | %+.0f | %+.1f | %+.1f |" % (n, statistics.median(cpu), statistics.median(hs),
                                             statistics.median(tt)))
PY
[ -z "${TLSX_RAW:-}" ] || cp "$out" "$TLSX_RAW"
rm -f "$out"
