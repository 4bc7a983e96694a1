"""Runs a command and prints the CPU-seconds (user + sys) of it and every process it
starts, however deep: `/usr/bin/time` misses processes whose parent never waits for them
(Spark's Python workers), so this polls /proc every 50 ms and sums, per process, the last
user + sys time seen (a process that lives less than 50 ms can be missed).

    python benches/cputree.py OUT_FILE -- COMMAND ARGS...

Writes `CPU_SECONDS WALL_SECONDS` to OUT_FILE; the command's stdout and stderr pass through.
"""

import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    rest = s[s.rindex(")") + 2 :].split()
    # Fields after the name: state ppid ... utime(14) stime(15) ... starttime(22), 1-based.
    return int(rest[1]), (int(rest[11]) + int(rest[12])) / TICK, rest[19]


def main():
    out, cmd = sys.argv[1], sys.argv[sys.argv.index("--") + 1 :]
    start = time.monotonic()
    root = subprocess.Popen(cmd)
    seen = {}  # (pid, starttime) -> cpu seconds
    tree = {root.pid}
    while True:
        done = root.poll() is not None
        procs = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    procs[int(d)] = stat(int(d))
                except (OSError, IndexError, ValueError):
                    pass
        # Descendants: grow the tree until stable (parents may be listed after children).
        changed = True
        while changed:
            changed = False
            for pid, (ppid, _, _) in procs.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    changed = True
        for pid in tree & procs.keys():
            _, cpu, started = procs[pid]
            seen[(pid, started)] = cpu
        if done:
            break
        time.sleep(0.05)
    wall = time.monotonic() - start
    with open(out, "w") as f:
        f.write(f"{sum(seen.values()):.2f} {wall:.2f}\n")
    sys.exit(root.returncode)


if __name__ == "__main__":
    main()
