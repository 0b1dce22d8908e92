#!/usr/bin/env python3
"""serial-path.py TRACE: what a real-time transaction over a pty waited for, from a tracefs text
trace (trace-serial-path.sh writes one). Three answers:
  1. flush_to_ldisc (the tty layer's receive work item) from queued to started, on the unbound
     workqueue: the hop every pty write takes before the reader sees the bytes;
  2. the threads of the transaction's path (the loop, the link's watchdog, the probe, the emulated
     power stage's RTU server, socat, the unbound kworkers): each wait from sched_wakeup to running
     over 1 ms, with the CPU it was woken for, the CPU it ran on and what ran there meanwhile;
  3. per CPU, spans of more than 20 ms with no event at all (a CPU the host did not run).
"""
import bisect, collections, re, sys

PATH = re.compile(r'^(ccr-rt-loop|modbus-client-w|wake-up-probe|modbus-rtu-.*|socat|kworker/u.*)$')
line_re = re.compile(r'^\s*(.+?)-(\d+)\s+\[(\d+)\]\s+\S+\s+([\d.]+): (\w+): (.*)$')
queued, ldisc = {}, []
woken, waits = {}, []
ran = collections.defaultdict(list)
last_event, silent = {}, []
for line in open(sys.argv[1], errors='replace'):
    m = line_re.match(line)
    if not m:
        continue
    comm, pid, cpu, t, ev, rest = m.group(1), m.group(2), int(m.group(3)), float(m.group(4)), m.group(5), m.group(6)
    if cpu in last_event and t - last_event[cpu] > 0.02:
        silent.append((t - last_event[cpu], last_event[cpu], cpu))
    last_event[cpu] = t
    if ev == 'workqueue_queue_work' and 'function=flush_to_ldisc' in rest:
        queued.setdefault(re.search(r'work struct=(\S+)', rest).group(1), t)
    elif ev == 'workqueue_execute_start' and 'flush_to_ldisc' in rest:
        w = re.search(r'work struct (\S+):', rest).group(1)
        if w in queued:
            ldisc.append(t - queued.pop(w))
    elif ev == 'sched_wakeup':
        p = re.search(r'comm=(.*) pid=(\d+) prio=\d+ target_cpu=(\d+)', rest)
        if PATH.match(p.group(1)):
            woken[p.group(2)] = (t, int(p.group(3)), comm + '-' + pid, p.group(1))
    elif ev == 'sched_switch':
        p = re.search(r'next_comm=(.*) next_pid=(\d+) next_prio=', rest)
        ran[cpu].append((t, p.group(1) + '-' + p.group(2)))
        if p.group(2) in woken:
            t0, target, waker, name = woken.pop(p.group(2))
            if t - t0 > 0.001:
                waits.append((t - t0, t0, name + '-' + p.group(2), target, cpu, waker))
ldisc.sort()
n = len(ldisc)
if n:
    q = lambda f: ldisc[min(n - 1, int(f * n))] * 1000
    print(f"flush_to_ldisc queued -> started: {n}; median {q(0.5):.3f} ms, p99 {q(0.99):.3f}, p99.9 {q(0.999):.3f}, "
          f"max {ldisc[-1]*1000:.3f} ms; over 1 ms {sum(d > 0.001 for d in ldisc)}, over 5 ms {sum(d > 0.005 for d in ldisc)}")
else:
    print("flush_to_ldisc: no queued/started pairs in the trace")
print(f"waits of the transaction's path over 1 ms (wake-up to running): {len(waits)}; the longest 15:")
for d, t0, who, target, cpu, waker in sorted(waits)[-15:]:
    times = [x[0] for x in ran[cpu]]
    i = bisect.bisect_left(times, t0)
    before = ran[cpu][i - 1][1] if i > 0 else '?'
    print(f"  {d*1000:.2f} ms {who} woken at {t0:.6f} by {waker} for CPU {target}, ran on CPU {cpu} (which was running {before})")
print(f"spans of over 20 ms with no event on a CPU: {len(silent)}")
for d, t0, cpu in sorted(silent, key=lambda s: s[1]):
    print(f"  CPU {cpu}: {d*1000:.1f} ms from {t0:.3f}")
