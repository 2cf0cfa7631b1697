#!/usr/bin/env python3
"""Turns toasty_bench's Google Benchmark JSON into one Markdown table.

    python3 bench/format_table.py results.json [instructions.txt]

instructions.txt (optional): bench/callgrind.sh's output, one line per benchmark
"BM_<scenario>/<backend>/<side>  <n> instructions/iteration"; its counts become columns.
Allocations per operation come from the JSON (the allocs_per_op counter).

Benchmarks are named BM_<scenario>/<backend>/<side>[/real_time] (see bench/common.hpp).
Each cell is the median over the repetitions (the "median" aggregate when the run had
--benchmark_repetitions > 1, else the median of the plain runs). SQLite cells are CPU time
of the benchmark thread, PostgreSQL/MySQL cells wall-clock time (names ending /real_time).
Ratios are toasty's time divided by the other side's: below 1 means toasty is faster.
"""
import json
import statistics
import sys
from collections import defaultdict

SCENARIOS = [
    ("get_by_pk", "get one by primary key"),
    ("get_by_unique", "get one by unique field (email)"),
    ("insert_one", "insert one (auto key returned)"),
    ("insert_bulk", "insert {bulk} in one transaction"),
    ("insert_many", "insert {bulk} as multi-row INSERTs of 500 (create_many)"),
    ("filter_indexed", "filter on indexed field (country) → {per_country} structs"),
    ("read_all", "read all {users} rows into structs"),
    ("stream_all", "stream every todo one at a time, none kept (Query::stream)"),
    ("preload", "preload {per_country} users + their todos (2 queries)"),
    ("update_one", "update one by key"),
    ("remove_one", "remove one by key"),
]
BACKENDS = ["sqlite", "postgresql", "mysql"]
BACKEND_NAMES = {"sqlite": "SQLite (memory)", "postgresql": "PostgreSQL", "mysql": "MariaDB"}

# The project's bar for toasty/raw (median ratio; on SQLite also the instruction ratio).
SQLITE_BAR = {
    "get_by_pk": 1.2,
    "get_by_unique": 1.2,
    "insert_one": 1.2,
    "update_one": 1.2,
    "remove_one": 1.2,
    "insert_bulk": 1.15,
    "insert_many": 1.25,
    "read_all": 1.15,
}
SERVER_BAR = 1.10  # PostgreSQL and MariaDB, every scenario

UNIT_TO_US = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}


def parse_name(name):
    """BM_get_by_pk/sqlite/toasty[/real_time] -> (scenario, backend, side, real_time)."""
    parts = name.split("/")
    real = parts[-1] == "real_time"
    if real:
        parts = parts[:-1]
    if len(parts) != 3 or not parts[0].startswith("BM_"):
        return None
    return parts[0][3:], parts[1], parts[2], real


def load(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    medians = {}           # (scenario, backend, side) -> µs, from "median" aggregates
    samples = defaultdict(list)  # same key -> [µs] from plain iteration runs
    alloc_medians = {}     # same key -> allocations per operation
    alloc_samples = defaultdict(list)
    errors = {}
    for b in doc.get("benchmarks", []):
        run_name = b.get("run_name", b["name"])
        parsed = parse_name(run_name)
        if parsed is None:
            continue
        scenario, backend, side, real = parsed
        key = (scenario, backend, side)
        if b.get("error_occurred"):
            errors[key] = b.get("error_message", "error")
            continue
        t = b["real_time"] if real else b["cpu_time"]
        t *= UNIT_TO_US[b.get("time_unit", "ns")]
        allocs = b.get("allocs_per_op")
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[key] = t
                if allocs is not None:
                    alloc_medians[key] = allocs
        else:
            samples[key].append(t)
            if allocs is not None:
                alloc_samples[key].append(allocs)
    values = dict(medians)
    for key, ts in samples.items():
        values.setdefault(key, statistics.median(ts))
    allocations = dict(alloc_medians)
    for key, ns in alloc_samples.items():
        allocations.setdefault(key, statistics.median(ns))
    return doc.get("context", {}), values, allocations, errors


def load_instructions(path):
    """callgrind.sh output -> {(scenario, backend, side): instructions per iteration}."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            parsed = parse_name(parts[0])
            if parsed is not None:
                out[parsed[:3]] = int(parts[1])
    return out


def file_writers(path):
    """BM_file_writers/sqlite/toasty/real_time/threads:N -> {N: items per second}."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    rates = defaultdict(list)
    for b in doc.get("benchmarks", []):
        name = b.get("run_name", b["name"])
        if not name.startswith("BM_file_writers/") or b.get("run_type") == "aggregate":
            continue
        threads = int(b.get("threads", 1))
        if "items_per_second" in b:
            rates[threads].append(b["items_per_second"])
    return {t: statistics.median(v) for t, v in rates.items()}


def fmt_time(us):
    if us is None:
        return "–"
    if us >= 1000:
        return f"{us / 1000:.2f} ms"
    if us >= 100:
        return f"{us:.0f} µs"
    if us >= 10:
        return f"{us:.1f} µs"
    return f"{us:.2f} µs"


def fmt_ratio(a, b, bar=None, faster_than_peer=False):
    if a is None or b is None or b == 0:
        return "–"
    r = a / b
    text = f"{r:.2f}"
    if bar is not None:
        text += " ✓" if r <= bar else f" ✗ (bar ≤ {bar})"
    elif faster_than_peer:
        text += " ✓" if r < 1.0 else " ✗"
    return text


def fmt_count(n):
    if n is None:
        return "–"
    if n >= 10 or abs(n - round(n)) < 0.05:  # 0.0086 (a clean-up's share) reads as 0
        return f"{n:,.0f}".replace(",", " ")
    return f"{n:.1f}"


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    context, values, allocations, errors = load(argv[1])
    instructions = load_instructions(argv[2]) if len(argv) == 3 else {}
    shape = {
        "users": context.get("toasty_bench_users", "10000"),
        "per_country": context.get("toasty_bench_per_country", "100"),
        "bulk": context.get("toasty_bench_bulk", "10000"),
    }
    shape_fmt = {k: f"{int(v):,}".replace(",", " ") for k, v in shape.items()}

    lines = [
        "| scenario | backend | toasty | raw C API | ratio toasty/raw | peer (SOCI) | ratio toasty/peer"
        " | allocs/op toasty · raw · SOCI | instructions/op toasty · raw | instructions toasty/raw |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    present = {k[1] for k in list(values) + list(errors)}
    for backend in BACKENDS:
        if backend not in present:
            continue
        for scenario, label in SCENARIOS:
            get = lambda side: values.get((scenario, backend, side))
            t, r, p = get("toasty"), get("raw"), get("soci")
            if t is None and r is None and p is None:
                if not any(k[:2] == (scenario, backend) for k in errors):
                    continue
            bar = SQLITE_BAR.get(scenario) if backend == "sqlite" else SERVER_BAR
            allocs = " · ".join(fmt_count(allocations.get((scenario, backend, side)))
                                for side in ("toasty", "raw", "soci"))
            ti, ri = (instructions.get((scenario, backend, side)) for side in ("toasty", "raw"))
            ins = f"{fmt_count(ti)} · {fmt_count(ri)}" if ti or ri else "–"

            def cell(side, v):
                if (scenario, backend, side) in errors:
                    return "error"
                return fmt_time(v)

            lines.append(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                    label.format(**shape_fmt),
                    BACKEND_NAMES.get(backend, backend),
                    cell("toasty", t),
                    cell("raw", r),
                    fmt_ratio(t, r, bar=bar),
                    cell("soci", p),
                    fmt_ratio(t, p, faster_than_peer=True),
                    allocs,
                    ins,
                    fmt_ratio(ti, ri, bar=bar),
                )
            )
    print("\n".join(lines))
    writers = file_writers(argv[1])
    if writers:
        one = writers.get(1)
        print()
        print("| SQLite file, concurrent creates (one Db) | creates/s | vs one thread |")
        print("|---|---:|---:|")
        for threads in sorted(writers):
            rate = writers[threads]
            ratio = f"{rate / one:.2f}" if one else "–"
            print(f"| {threads} thread{'s' if threads > 1 else ''} | {rate:,.0f} | {ratio} |")
    if errors:
        print()
        for (scenario, backend, side), msg in sorted(errors.items()):
            print(f"- BM_{scenario}/{backend}/{side}: {msg}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
