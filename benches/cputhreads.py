#!/usr/bin/env python3
"""CPU seconds per thread of one command, for seeing where a run's CPU goes.

    python3 benches/cputhreads.py target/release/claimscore score --threads 2 --quiet --input in.csv

Runs the command with its standard output read from a pipe and discarded (lines counted),
polls /proc/PID/task/*/stat every 20 ms and prints, per thread, the last user + system
time seen (so the last 20 ms of a thread can be missed), their sum, the wall time and the
peak resident memory (VmHWM). Linux only. Threads are listed in creation order: for
`claimscore score --threads N` the main thread (model load, then handing chunks to the
pool), the signal thread, rayon's N workers (the scoring), the reader, the writer. A
thread that ends within 20 ms of its start is not seen.
"""
import os, subprocess, sys, threading, time

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    tick = os.sysconf("SC_CLK_TCK")
    p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE)
    lines = [0]

    def drain():
        for chunk in iter(lambda: p.stdout.read(1 << 20), b""):
            lines[0] += chunk.count(b"\n")

    reader = threading.Thread(target=drain)
    reader.start()
    seen, peak_kb, start = {}, 0, time.time()
    while p.poll() is None:
        try:
            for tid in os.listdir(f"/proc/{p.pid}/task"):
                try:
                    stat = open(f"/proc/{p.pid}/task/{tid}/stat").read()
                except OSError:
                    continue
                name = stat[stat.index("(") + 1:stat.rindex(")")]
                fields = stat[stat.rindex(")") + 2:].split()
                seen[int(tid)] = (name, (int(fields[11]) + int(fields[12])) / tick)
            for line in open(f"/proc/{p.pid}/status"):
                if line.startswith("VmHWM"):
                    peak_kb = int(line.split()[1])
        except OSError:
            pass
        time.sleep(0.02)
    wall = time.time() - start
    reader.join()
    for tid, (name, cpu) in sorted(seen.items()):
        print(f"  thread {tid} {name}: {cpu:.2f} CPU-s")
    total = sum(cpu for _, cpu in seen.values())
    print(f"total {total:.2f} CPU-s, wall {wall:.2f} s, peak resident {peak_kb / 1024:.0f} MB, "
          f"{lines[0]} lines out, exit {p.returncode}")

if __name__ == "__main__":
    main()
