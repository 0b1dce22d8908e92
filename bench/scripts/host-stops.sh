#!/usr/bin/env bash
# Runs a command with the kernel's timer interrupts traced, then lists every gap of more than
# 20 ms between two timer interrupts on one CPU. A busy CPU of this kernel (HZ=250) takes one
# every 4 ms, so a gap of 100 ms on a CPU that was running something (an idle poller, a hog) means
# that CPU did not run at all: a virtual CPU the host did not schedule (or a guest kernel holding
# interrupts off that long, which would be a kernel bug). Used beside the real-time soaks to tell
# the host's stops from the loop's own misses (README, Results, "The real-time loop under load").
#
#   bench/scripts/host-stops.sh [--cpus 0,1] [--over MS] OUT_DIR COMMAND [ARGS...]
#
# --over: the shortest gap reported, in ms (default 20). Beside a soak with --probe the loop's CPU
# takes a timer interrupt every 1 ms (the probe's), so there a gap of 2 ms is already a stop.
#
# --cpus: the CPUs to report (default: all). Only a CPU that was busy all along (the loop's,
# kept busy by the idle poller; every CPU beside a hog per core) says something by a gap: an
# idle CPU of this tickless kernel (NO_HZ_IDLE) takes no timer interrupt at all.
#
# Needs root and tracefs (mounted at /sys/kernel/tracing; the script mounts it if it is not).
# Writes OUT_DIR/command.out, command.err, ticks.trace, host-stops.txt; the times in host-stops.txt
# are CLOCK_MONOTONIC seconds, as /proc/uptime's first figure is not (it is CLOCK_BOOTTIME), so
# OUT_DIR/start.txt also records the monotonic clock when the command started.
set -euo pipefail
cpus=""
if [ "${1:-}" = "--cpus" ]; then
  [[ "${2:-}" =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "$0: --cpus wants a comma-separated list of CPU numbers, not '${2:-}'" >&2; exit 2; }
  cpus=$2; shift 2
fi
over=20
if [ "${1:-}" = "--over" ]; then
  [[ "${2:-}" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "$0: --over wants a number of milliseconds, not '${2:-}'" >&2; exit 2; }
  over=$2; shift 2
fi
if [ $# -lt 2 ]; then
  echo "usage: $0 [--cpus 0,1] [--over MS] OUT_DIR COMMAND [ARGS...]" >&2; exit 2
fi
out=$1; shift
T=/sys/kernel/tracing
if [ ! -d "$T/events" ]; then
  mount -t tracefs nodev "$T" 2>/dev/null || { echo "$0: tracefs not available at $T (root needed)" >&2; exit 2; }
fi
mkdir -p "$out"
old_clock=$(sed -E 's/.*\[([a-z0-9_-]+)\].*/\1/' "$T/trace_clock"); old_kb=$(cat "$T/buffer_size_kb")
restore() { echo 0 > "$T/tracing_on"; echo 0 > "$T/events/irq_vectors/local_timer_entry/enable"; echo "$old_clock" > "$T/trace_clock"; echo "$old_kb" > "$T/buffer_size_kb"; }
trap restore EXIT
echo 0 > "$T/tracing_on"; echo mono > "$T/trace_clock"; echo 32768 > "$T/buffer_size_kb"; echo > "$T/trace"
echo 1 > "$T/events/irq_vectors/local_timer_entry/enable"; echo 1 > "$T/tracing_on"
python3 -c 'import time; print("monotonic at start:", round(time.monotonic(), 3), "s;", time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()))' > "$out/start.txt"
set +e; "$@" > "$out/command.out" 2> "$out/command.err"; rc=$?; set -e
echo 0 > "$T/tracing_on"
cp "$T/trace" "$out/ticks.trace"; echo > "$T/trace"
python3 - "$out/ticks.trace" "$cpus" "$over" > "$out/host-stops.txt" <<'PY'
import re, sys
only = {int(c) for c in sys.argv[2].split(',')} if sys.argv[2] else None
over = float(sys.argv[3]) / 1000
pat = re.compile(r'\[(\d+)\]\s+\S+\s+(\d+\.\d+): local_timer_entry')
last, gaps, lost = {}, [], False
for line in open(sys.argv[1], errors='replace'):
    if 'LOST' in line: lost = True
    m = pat.search(line)
    if not m: continue
    c, t = int(m.group(1)), float(m.group(2))
    if only is not None and c not in only: continue
    if c in last and t - last[c] > over: gaps.append((c, last[c], t - last[c]))
    last[c] = t
print(f"timer-interrupt gaps over {sys.argv[3]} ms on CPU {sys.argv[2] or 'any'} (a busy CPU takes one every 4 ms): {len(gaps)}" + (" (events were LOST: buffer too small)" if lost else ""))
for c, t0, d in gaps: print(f"  CPU {c}: {d*1000:.1f} ms from monotonic {t0:.3f} s")
PY
cat "$out/host-stops.txt"
exit $rc
