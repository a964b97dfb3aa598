#!/usr/bin/env python3
"""Runs svdkit_bench_lapack once and prints the speed issue's ratio table (Markdown).

Usage:
    bench/compare.py [path/to/svdkit_bench_lapack] [extra Google Benchmark flags...]
    bench/compare.py --from results.json        # format an earlier run's JSON output
    bench/compare.py --quiet 7 [binary] [flags...]  # each benchmark alone, kept only from quiet rounds

Every number in one table comes from one process run, because the machines are shared and
absolute times drift between runs; read the ratios, not the times. Standard library only.

Unless the command line sets its own, the run uses --benchmark_repetitions=3 with
--benchmark_enable_random_interleaving=true and --benchmark_min_time=0.2: the repetitions of all
benchmarks are shuffled, so a slow spell of the shared machine hits svdkit and the library it is
compared with alike, and each time in the table is the median of the three.

--quiet R (for the 2-thread rows on a shared machine, where another tenant's work takes the second
core for part of a run and the shuffled repetitions cannot separate it out): every benchmark the
filter selects runs alone in its own process, R rounds, in a new random order each round. Around
each process the busy time of all CPUs is read from /proc/stat (user, nice, system, irq, softirq,
steal) and the process's own CPU time from os.times(); what is left is other processes' work (and
the hypervisor's steal), in cores over the run's wall time. A round counts only when that foreign
load is at most --quiet-max cores (default 0.1), and each time in the table is the median of a
benchmark's quiet rounds; stderr lists how many of its rounds were quiet. A benchmark with no quiet
round is left out of the table (rerun when the machine is calmer).
"""
import json
import os
import re
import random
import subprocess
import sys
import time
from collections import defaultdict

DEFAULT_BINARY = os.path.join("build", "bench", "bench", "svdkit_bench_lapack")

# benchmark name -> (library column, scalar type)
LIBRARIES = [
    (re.compile(r"^bm_svdkit_(double|float)/t1/"), "svdkit"),
    (re.compile(r"^bm_svdkit_(double|float)/t2/"), "svdkit 2 threads"),
    (re.compile(r"^bm_svdkit_(double|float)/fresh/"), "svdkit fresh"),
    (re.compile(r"^bm_lapack<(double|float), true>/"), "gesdd"),
    (re.compile(r"^bm_gesdd_t2<(double|float)>/"), "gesdd 2 threads"),
    (re.compile(r"^bm_bdcsvd_t2<(double|float)>/"), "BDCSVD 2 threads"),
    (re.compile(r"^bm_lapack<(double|float), false>/"), "gesvd"),
    (re.compile(r"^bm_eigen<(double|float), bdcsvd>/"), "BDCSVD"),
    (re.compile(r"^bm_eigen<(double|float), jacobisvd>/"), "JacobiSVD"),
]
SHAPE = re.compile(r"m:(\d+)/n:(\d+)/vectors:(\d)")
GEMM = re.compile(r"^bm_gemm_(svdkit|blas)<(double|float)>/(\d+)/")


DEFAULT_FLAGS = {
    "--benchmark_repetitions": "3",
    "--benchmark_enable_random_interleaving": "true",
    "--benchmark_min_time": "0.2",
}


def cpu_busy_seconds():
    """Busy time of all CPUs so far (/proc/stat's first line), in seconds; None off Linux."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    user, nice, system, idle, iowait, irq, softirq = fields[:7]
    steal = fields[7] if len(fields) > 7 else 0
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def ere_escape(name):
    """name as a POSIX extended regular expression matching itself (Google Benchmark's filter
    syntax: Python's re.escape also escapes characters such as ':' that it rejects)."""
    return "".join("\\" + c if c in ".^$*+?()[]{}|\\" else c for c in name)


def run_quiet(binary, extra, rounds, max_foreign):
    given = {a.split("=", 1)[0] for a in extra}
    flags = [a for a in extra if not a.startswith("--benchmark_repetitions")
             and not a.startswith("--benchmark_enable_random_interleaving")]
    if "--benchmark_min_time" not in given:
        flags.append("--benchmark_min_time=" + DEFAULT_FLAGS["--benchmark_min_time"])
    listing = subprocess.run([binary, "--benchmark_list_tests=true"] +
                             [a for a in extra if a.startswith("--benchmark_filter")],
                             check=True, stdout=subprocess.PIPE, text=True).stdout
    names = [line.strip() for line in listing.splitlines() if line.strip()]
    print("quiet rounds: %d benchmarks, %d rounds, foreign load <= %.2f cores" % (len(names), rounds, max_foreign),
          file=sys.stderr)
    kept, seen, context = [], defaultdict(int), None
    quiet = defaultdict(int)
    loads = defaultdict(list)
    for r in range(rounds):
        order = names[:]
        random.shuffle(order)
        for name in order:
            cmd = [binary, "--benchmark_format=json", "--benchmark_filter=^%s$" % ere_escape(name)] + \
                  [a for a in flags if not a.startswith("--benchmark_filter")]
            busy0, child0, wall0 = cpu_busy_seconds(), os.times(), time.monotonic()
            out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
            busy1, child1, wall1 = cpu_busy_seconds(), os.times(), time.monotonic()
            own = (child1.children_user - child0.children_user) + (child1.children_system - child0.children_system)
            foreign = 0.0 if busy0 is None else max(0.0, (busy1 - busy0) - own) / max(wall1 - wall0, 1e-9)
            data = json.loads(out)
            context = context or data.get("context", {})
            seen[name] += 1
            loads[name].append(foreign)
            if foreign <= max_foreign:
                quiet[name] += 1
                kept.extend(data.get("benchmarks", []))
        print("  round %d of %d done" % (r + 1, rounds), file=sys.stderr)
    for name in names:
        print("  %s: %d of %d rounds quiet (foreign load of each round, cores: %s)" % (
            name, quiet[name], seen[name], " ".join("%.2f" % x for x in loads[name])), file=sys.stderr)
    context = dict(context or {})
    context["quiet_rounds"] = "%d rounds, foreign load <= %.2f cores" % (rounds, max_foreign)
    return {"context": context, "benchmarks": kept}


def run(binary, extra):
    given = {a.split("=", 1)[0] for a in extra}
    defaults = ["%s=%s" % (k, v) for k, v in DEFAULT_FLAGS.items() if k not in given]
    cmd = [binary, "--benchmark_format=json"] + defaults + extra
    print("running: " + " ".join(cmd), file=sys.stderr)
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out)


def ms(b):
    t = b["real_time"]
    unit = b.get("time_unit", "ns")
    return t * {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[unit]


def fmt_time(t):
    if t is None:
        return "–"
    if t >= 1000:
        return "%.2f s" % (t / 1000)
    if t >= 10:
        return "%.0f ms" % t
    if t >= 1:
        return "%.1f ms" % t
    return "%.3f ms" % t


def ratio(a, b):
    return "–" if a is None or b is None else "%.2f" % (a / b)


def main(argv):
    if len(argv) >= 3 and argv[1] == "--from":
        with open(argv[2]) as f:
            data = json.load(f)
    else:
        args = argv[1:]
        rounds, max_foreign = 0, 0.1
        while args and args[0] in ("--quiet", "--quiet-max"):
            if args[0] == "--quiet":
                rounds = int(args[1])
            else:
                max_foreign = float(args[1])
            args = args[2:]
        binary = args[0] if args and not args[0].startswith("--") else DEFAULT_BINARY
        extra = [a for a in args if a.startswith("--")]
        data = run_quiet(binary, extra, rounds, max_foreign) if rounds > 0 else run(binary, extra)

    # Repetitions of one benchmark: the median of their times (and GFLOP/s), the largest peak.
    runs = defaultdict(list)
    for b in data["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration" or b.get("error_occurred"):
            continue
        runs[b["name"]].append(b)
    merged = []
    for name, reps in runs.items():
        reps = sorted(reps, key=ms)
        b = dict(reps[(len(reps) - 1) // 2])
        if "GFLOP/s" in b:
            rates = sorted(r.get("GFLOP/s", 0.0) for r in reps)
            b["GFLOP/s"] = rates[len(rates) // 2]
        if "peak_MB" in b:
            b["peak_MB"] = max(r.get("peak_MB", 0.0) for r in reps)
        if "faults" in b:
            b["faults"] = max(r.get("faults", 0.0) for r in reps)
        merged.append(b)

    times = defaultdict(dict)  # (type, m, n, vectors) -> library -> ms
    peak = defaultdict(dict)   # same key -> library -> MB
    faults = defaultdict(dict)  # same key -> library -> page faults per call
    gemm = defaultdict(dict)   # (type, n) -> lib -> GFLOP/s
    for b in merged:
        name = b["name"]
        g = GEMM.match(name)
        if g:
            gemm[(g.group(2), int(g.group(3)))][g.group(1)] = b.get("GFLOP/s", 0.0)
            continue
        for pattern, lib in LIBRARIES:
            mt = pattern.match(name)
            if not mt:
                continue
            s = SHAPE.search(name)
            key = (mt.group(1), int(s.group(1)), int(s.group(2)), int(s.group(3)))
            times[key][lib] = ms(b)
            if "peak_MB" in b:
                peak[key][lib] = b["peak_MB"]
            if "faults" in b:
                faults[key][lib] = b["faults"]
            break

    ctx = data.get("context", {})
    print("Run: %s, %s CPUs at %s MHz, load average %s, BLAS threads %s" % (
        ctx.get("date", "?"), ctx.get("num_cpus", "?"), ctx.get("mhz_per_cpu", "?"),
        " ".join("%.2f" % x for x in ctx.get("load_avg", [])), ctx.get("blas_threads", "?")))
    print()
    nrep = max((len(r) for r in runs.values()), default=1)
    if "quiet_rounds" in ctx:
        print("Each time: the median of a benchmark's quiet rounds (%s; each benchmark alone in its own"
              " process, the rounds in random order; stderr of the run gives each one's count)." % ctx["quiet_rounds"])
        print()
    elif nrep > 1:
        print("Each time: the median of %d repetitions, interleaved at random with the other benchmarks'." % nrep)
        print()
    print("svdkit: svd() with a reused svd_workspace and result (as gesdd is called: dgesdd_work, workspace")
    print("and outputs allocated once). svdkit fresh: svd() allocating everything per call (as a BDCSVD")
    print("object is constructed per call); its peak MB is the live heap bytes of one call. Faults: minor")
    print("page faults per call (getrusage), the most of the repetitions; what a fresh call pays for memory")
    print("the allocator took back from the process.")
    print()
    print("| type | shape | job | svdkit | gesdd | svdkit fresh | BDCSVD | JacobiSVD | gesvd | svdkit/gesdd"
          " | fresh/gesdd | fresh/BDCSVD | 2 threads | speed-up | peak MB svdkit / gesdd | faults fresh / BDCSVD |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    order = sorted(times, key=lambda k: (k[0] != "double", k[1] * k[2] > 4000 * 200 and k[1] != k[2], k[1] != k[2], k[1], k[2], k[3]))
    for key in order:
        t = times[key]
        typ, m, n, vec = key
        sv = t.get("svdkit")
        fresh = t.get("svdkit fresh")
        two = t.get("svdkit 2 threads")
        p = peak.get(key, {})
        mem = "–"
        if "svdkit fresh" in p and "gesdd" in p:
            mem = "%.3g / %.3g" % (p["svdkit fresh"], p["gesdd"])
        f = faults.get(key, {})
        pf = "–"
        if "svdkit fresh" in f and "BDCSVD" in f:
            pf = "%.0f / %.0f" % (f["svdkit fresh"], f["BDCSVD"])
        print("| %s | %d×%d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            typ, m, n, "thin U,V" if vec else "values",
            fmt_time(sv), fmt_time(t.get("gesdd")), fmt_time(fresh), fmt_time(t.get("BDCSVD")),
            fmt_time(t.get("JacobiSVD")), fmt_time(t.get("gesvd")), ratio(sv, t.get("gesdd")),
            ratio(fresh, t.get("gesdd")), ratio(fresh, t.get("BDCSVD")), fmt_time(two), ratio(sv, two), mem, pf))
    threaded = [k for k in order if "svdkit 2 threads" in times[k] or "gesdd 2 threads" in times[k]]
    if threaded:
        print()
        print("Two threads: svdkit's pool (svd_options::threads = 2), gesdd on 2 OpenBLAS threads")
        print("(openblas_set_num_threads), BDCSVD on 2 OpenMP threads (Eigen::setNbThreads; only where the")
        print("benchmark was built with OpenMP: %s). Speed-up: the 1-thread time over the 2-thread time." %
              ctx.get("eigen_openmp", "?"))
        print()
        print("| type | shape | job | svdkit 1 | svdkit 2 | speed-up | gesdd 1 | gesdd 2 | speed-up"
              " | BDCSVD 1 | BDCSVD 2 | speed-up | svdkit/gesdd, 2 threads |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for key in threaded:
            t = times[key]
            typ, m, n, vec = key
            s1, s2 = t.get("svdkit"), t.get("svdkit 2 threads")
            g1, g2 = t.get("gesdd"), t.get("gesdd 2 threads")
            b1, b2 = t.get("BDCSVD"), t.get("BDCSVD 2 threads")
            print("| %s | %d×%d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                typ, m, n, "thin U,V" if vec else "values", fmt_time(s1), fmt_time(s2), ratio(s1, s2),
                fmt_time(g1), fmt_time(g2), ratio(g1, g2), fmt_time(b1), fmt_time(b2), ratio(b1, b2),
                ratio(s2, g2)))
    if gemm:
        print()
        print("| gemm | n | svdkit GFLOP/s | BLAS GFLOP/s | fraction |")
        print("|---|---|---|---|---|")
        for (typ, n) in sorted(gemm, key=lambda k: (k[0] != "double", k[1])):
            g = gemm[(typ, n)]
            frac = "%.2f" % (g["svdkit"] / g["blas"]) if g.get("blas") else "–"
            print("| %s | %d | %.1f | %.1f | %s |" % (typ, n, g.get("svdkit", 0), g.get("blas", 0), frac))


if __name__ == "__main__":
    main(sys.argv)
