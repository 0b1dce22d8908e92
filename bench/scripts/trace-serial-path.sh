#!/usr/bin/env bash
# Runs a command (a real-time soak) with the scheduler's, the timer interrupts' and the unbound
# workqueue's events traced on the monotonic clock, then says what the transaction over the pty
# waited for (serial-path.py). Heavy: about 0.7 million events a minute at 100 Hz; the default buffer
# (200 MB per CPU, TRACE_BUFFER_KB to change it) holds a 2-minute soak; 600000 holds 10 minutes.
#
#   bench/scripts/trace-serial-path.sh OUT_DIR COMMAND [ARGS...]
#
# Needs root and tracefs. Writes OUT_DIR/command.out, command.err, trace.txt, serial-path.txt.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 OUT_DIR COMMAND [ARGS...]" >&2; exit 2
fi
out=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
T=/sys/kernel/tracing
if [ ! -d "$T/events" ]; then
  mount -t tracefs nodev "$T" 2>/dev/null || { echo "$0: tracefs not available at $T (root needed)" >&2; exit 2; }
fi
mkdir -p "$out"
events="workqueue/workqueue_queue_work workqueue/workqueue_execute_start sched/sched_switch sched/sched_wakeup sched/sched_migrate_task irq_vectors/local_timer_entry irq_vectors/reschedule_entry"
old_clock=$(sed -E 's/.*\[([a-z0-9_-]+)\].*/\1/' "$T/trace_clock"); old_kb=$(cat "$T/buffer_size_kb")
restore() {
  echo 0 > "$T/tracing_on"
  for e in $events; do echo 0 > "$T/events/$e/enable"; done
  echo 0 > "$T/events/workqueue/workqueue_queue_work/filter"
  echo "$old_clock" > "$T/trace_clock"; echo "$old_kb" > "$T/buffer_size_kb"
}
trap restore EXIT
echo 0 > "$T/tracing_on"; echo mono > "$T/trace_clock"; echo "${TRACE_BUFFER_KB:-200000}" > "$T/buffer_size_kb"; echo > "$T/trace"
echo 'workqueue == "events_unbound"' > "$T/events/workqueue/workqueue_queue_work/filter"
for e in $events; do echo 1 > "$T/events/$e/enable"; done
echo 1 > "$T/tracing_on"
set +e; "$@" > "$out/command.out" 2> "$out/command.err"; rc=$?; set -e
echo 0 > "$T/tracing_on"
cp "$T/trace" "$out/trace.txt"; echo > "$T/trace"
python3 "$here/serial-path.py" "$out/trace.txt" > "$out/serial-path.txt"
cat "$out/serial-path.txt"
exit $rc
