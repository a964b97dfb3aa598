#!/usr/bin/env python3
"""Runs svdkit_bench_lapack once and prints the speed issue's ratio table (Markdown).

Usage:
    bench/compare.py [path/to/svdkit_bench_lapack] [extra Google Benchmark flags...]
    bench/compare.py --from results.json        # format an earlier run's JSON output

Every number in one table comes from one process run, because the machines are shared and
absolute times drift between runs; read the ratios, not the times. Standard library only.

Unless the command line sets its own, the run uses --benchmark_repetitions=3 with
--benchmark_enable_random_interleaving=true and --benchmark_min_time=0.2: the repetitions of all
benchmarks are shuffled, so a slow spell of the shared machine hits svdkit and the library it is
compared with alike, and each time in the table is the median of the three.
"""
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

DEFAULT_BINARY = os.path.join("build", "bench", "bench", "svdkit_bench_lapack")

# benchmark name -> (library column, scalar type)
LIBRARIES = [
    (re.compile(r"^bm_svdkit_(double|float)/t1/"), "svdkit"),
    (re.compile(r"^bm_svdkit_(double|float)/t2/"), "svdkit 2 threads"),
    (re.compile(r"^bm_svdkit_(double|float)/fresh/"), "svdkit fresh"),
    (re.compile(r"^bm_lapack<(double|float), true>/"), "gesdd"),
    (re.compile(r"^bm_gesdd_t2<(double|float)>/"), "gesdd 2 threads"),
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
        binary = argv[1] if len(argv) > 1 and not argv[1].startswith("--") else DEFAULT_BINARY
        extra = [a for a in argv[1:] if a.startswith("--")]
        data = run(binary, extra)

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
    if nrep > 1:
        print("Each time: the median of %d repetitions, interleaved at random with the other benchmarks'." % nrep)
        print()
    print("svdkit: svd() with a reused svd_workspace and result (as gesdd is called: dgesdd_work, workspace")
    print("and outputs allocated once). svdkit fresh: svd() allocating everything per call (as a BDCSVD")
    print("object is constructed per call); its peak MB is the live heap bytes of one call. Faults: minor")
    print("page faults per call (getrusage), the most of the repetitions; what a fresh call pays for memory")
    print("the allocator took back from the process.")
    print()
    print("| type | shape | job | svdkit | gesdd | svdkit fresh | BDCSVD | JacobiSVD | gesvd | svdkit/gesdd"
          " | fresh/gesdd | fresh/BDCSVD | 2 threads | speed-up | gesdd 2 threads | its speed-up | 2 threads: svdkit/gesdd"
          " | peak MB svdkit / gesdd | faults fresh / BDCSVD |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
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
        g2 = t.get("gesdd 2 threads")
        print("| %s | %d×%d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            typ, m, n, "thin U,V" if vec else "values",
            fmt_time(sv), fmt_time(t.get("gesdd")), fmt_time(fresh), fmt_time(t.get("BDCSVD")),
            fmt_time(t.get("JacobiSVD")), fmt_time(t.get("gesvd")), ratio(sv, t.get("gesdd")),
            ratio(fresh, t.get("gesdd")), ratio(fresh, t.get("BDCSVD")), fmt_time(two), ratio(sv, two),
            fmt_time(g2), ratio(t.get("gesdd"), g2), ratio(two, g2), mem, pf))
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
