#!/usr/bin/env python3
"""The explicit engine against SPIN, side by side (scripts/bench.sh builds and calls this).

For each model: pincheck interpreted with one worker, SPIN depth-first, pincheck compiled
with one worker, SPIN breadth-first, pincheck compiled on every core, in that order (so the
machine's noise falls on both tools alike), SPIN on `pincheck export --promela` of the same
variant. Prints per run: states, transitions, wall and CPU seconds, states per second, peak
memory, bytes per state, microseconds per transition and the ratio of states per second to
SPIN's depth-first run. Exits 1 when the tools disagree on a count (states, transitions,
depth), which the export makes exact: SPIN's transitions are pincheck's plus one.

Arguments: PINCHECK WORKDIR CASE... where CASE is NAME=MODEL:VARIANT[:nointerp].
"""
import json
import os
import re
import subprocess
import sys
import time


def measure(argv, cwd=None):
    """Runs argv; its output, wall seconds, CPU seconds and peak resident bytes."""
    start = time.monotonic()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    if status != 0 and not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1):
        sys.exit(f"{' '.join(argv)} failed ({status}):\n{output[-3000:]}")
    return output, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def pincheck_run(pincheck, model, variant, workers, code):
    output, wall, cpu, rss = measure([pincheck, "check", model, "--variant", variant, "--workers", str(workers),
                                      "--code", code, "--progress", "0", "--max-states", "100000000", "--json"])
    stats = json.loads(output)["variants"][0]["statistics"]
    return {"states": stats["states"], "transitions": stats["transitions"], "depth": stats["depth"],
            "wall": wall, "cpu": cpu, "rss": rss}


def figure(pattern, output):
    """A count in pan's output as written: large ones as 2.5183973e+08, to 8 digits."""
    found = re.search(pattern, output)
    if not found:
        sys.exit(f"pan's output has no {pattern!r}:\n{output[-3000:]}")
    return found.group(1)


def same(pan, count):
    """Whether pan's figure says `count`, to the digits pan wrote."""
    if "e" not in pan:
        return int(pan) == count
    return f"{count:.{len(pan.split('e')[0].replace('.', '')) - 1}e}" == pan


def spin_run(folder, binary):
    # The depth bound pan allocates its stack for: the smallest of these that the search
    # does not hit (a bound hit truncates the search). pan's default hash table (-w24).
    for bound in (100_000, 1_000_000, 10_000_000):
        output, wall, cpu, rss = measure([f"./{binary}", f"-m{bound}", "-c0"], cwd=folder)
        if "max search depth too small" not in output:
            break
    number = r"([0-9.]+(?:e\+[0-9]+)?)"
    states, transitions = figure(number + r" states, stored", output), figure(number + " transitions", output)
    return {"states": int(float(states)), "transitions": int(float(transitions)) - 1, "pan": (states, transitions),
            "depth": int(figure(r"depth reached (\d+)", output)), "wall": wall, "cpu": cpu, "rss": rss}


def build_spin(pincheck, model, variant, folder):
    os.makedirs(folder, exist_ok=True)
    subprocess.run([pincheck, "export", "--promela", model, "--variant", variant, "-o", f"{folder}/model.pml"],
                   check=True)
    subprocess.run(["spin", "-a", "model.pml"], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    for binary, flags in (("pan_dfs", []), ("pan_bfs", ["-DBFS"])):
        subprocess.run(["gcc", "-O2", "-DSAFETY", "-DNOREDUCE", *flags, "-w", "-o", binary, "pan.c"], cwd=folder,
                       check=True)


def main():
    pincheck, work = sys.argv[1], sys.argv[2]
    cores = os.cpu_count() or 1
    rows, problems, summary = [], [], []
    for case in sys.argv[3:]:
        name, spec = case.split("=", 1)
        model, variant, *options = spec.split(":")
        folder = f"{work}/{name}"
        build_spin(pincheck, model, variant, folder)
        # Fill the compiled-code cache, so that no timed run waits for the compiler.
        subprocess.run([pincheck, "check", model, "--variant", variant, "--code", "compiled", "--max-depth", "0",
                        "--progress", "0"], check=False, stdout=subprocess.DEVNULL)
        runs = []
        if "nointerp" not in options:
            runs.append(("pincheck interpreted, 1 worker", pincheck_run(pincheck, model, variant, 1, "interpreted")))
        runs.append(("SPIN DFS", spin_run(folder, "pan_dfs")))
        runs.append(("pincheck compiled, 1 worker", pincheck_run(pincheck, model, variant, 1, "compiled")))
        runs.append(("SPIN BFS", spin_run(folder, "pan_bfs")))
        runs.append((f"pincheck compiled, {cores} workers", pincheck_run(pincheck, model, variant, cores, "compiled")))
        spin = dict(runs)["SPIN DFS"]
        # The reference: the first breadth-first run (SPIN's depth-first depth is its stack's).
        reference = next(r for label, r in runs if label != "SPIN DFS")
        for label, r in runs:
            if "pan" in r and "pan" not in reference:
                # pan counts the initial state among its transitions, and rounds large counts.
                agree = same(r["pan"][0], reference["states"]) and same(r["pan"][1], reference["transitions"] + 1)
            else:
                agree = (r["states"], r["transitions"]) == (reference["states"], reference["transitions"])
            if not agree:
                problems.append(f"{name}: {label} counts {r['states']} states, {r['transitions']} transitions; "
                                f"the first breadth-first run {reference['states']}, {reference['transitions']}")
            if label != "SPIN DFS" and r["depth"] != reference["depth"]:
                problems.append(f"{name}: {label} reaches depth {r['depth']}, the first breadth-first run {reference['depth']}")
            rate = r["states"] / r["wall"]
            rows.append([name if label == runs[0][0] else "", f"{reference['states']:,}" if label == runs[0][0] else "",
                         f"{reference['transitions']:,}" if label == runs[0][0] else "", label, f"{r['wall']:.2f}",
                         f"{r['cpu']:.2f}", f"{rate:,.0f}", f"{r['rss'] / 2**20:.0f}", f"{r['rss'] / r['states']:.0f}",
                         f"{r['wall'] * 1e6 / max(r['transitions'], 1):.3f}", f"{rate / (spin['states'] / spin['wall']):.2f}×"])
        one = dict(runs)["pincheck compiled, 1 worker"]
        every = runs[-1][1]
        summary.append(f"- {name}: compiled, 1 worker: {spin['wall'] / one['wall']:.2f}× SPIN DFS's states/s; "
                       f"{cores} workers: {spin['wall'] / every['wall']:.2f}×")
    header = ["model", "states", "transitions", "run", "wall s", "CPU s", "states/s", "peak MiB", "B/state",
              "µs/transition", "vs SPIN DFS"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    print("\n".join(lines))
    print()
    print("\n".join(summary))
    if problems:
        print("\nDISAGREEMENT:\n" + "\n".join(problems))
        sys.exit(1)
    print("\nEvery run of a model counts the same states, transitions and breadth-first depth (SPIN's transitions less its"
          " initial state, to the digits pan prints).")


main()
