#!/usr/bin/env python3
"""ScanJIT beside its peers: one markdown table and a bar chart, from JSON.

Reads the Google Benchmark JSON of scanjit-bench (--benchmark_out=FILE
--benchmark_out_format=json) and the JSON that bench/peers/peers.py writes for
each peer, and prints one markdown table: per workload, ScanJIT, the
hand-written C++ loop (the bench's *_Loop rows), every peer's variants, the
fastest peer and the ratio ScanJIT / fastest peer (below 1: ScanJIT is
faster). Times are per call. With --chart, also draws the times as grouped
bars (one group per workload, log-scale time axis) into a PNG.

Google Benchmark rows: with --benchmark_repetitions, the "median" aggregate
row stands for a benchmark (mean, stddev and cv rows are skipped); without
it, the plain row (the median of the plain rows if there are several).
Errored rows are ignored.

  python bench/peers/report.py --scanjit scanjit.json --peers jax.json \\
      torch.json pytensor.json --chart docs/bench-peers.png

Used by scripts/bench.sh --peers. Needs matplotlib for --chart only.
"""

import argparse
import json
import statistics
import sys

# The table's rows: (label, ScanJIT's benchmark, the hand-written loop's
# benchmark or None, the peers' workload key, the chart's series for
# ScanJIT's time).
ROWS = [
    ("W1 cumsum 1e7 f64", "W1_ScanJIT", "W1_Loop", "W1", "ScanJIT"),
    ("W2 A**k k=1e5", "W2_ScanJIT/100000", "W2_Loop/100000", "W2/100000",
     "ScanJIT"),
    ("W2 A**k k=1e7", "W2_ScanJIT/10000000", "W2_Loop/10000000", "W2/10000000",
     "ScanJIT"),
    ("W2 A**k k=1e7, C++ frontend", "W2_Frontend/10000000", "W2_Loop/10000000",
     "W2/10000000", "ScanJIT (C++ frontend)"),
    ("W3 RNN H=64", "W3_ScanJIT/64", "W3_Loop/64", "W3/64", "ScanJIT"),
    ("W3 RNN H=64, C++ frontend", "W3_Frontend/64", "W3_Loop/64", "W3/64",
     "ScanJIT (C++ frontend)"),
    ("W3 RNN H=256", "W3_ScanJIT/256", "W3_Loop/256", "W3/256", "ScanJIT"),
    ("W3 RNN H=256, C++ frontend", "W3_Frontend/256", "W3_Loop/256", "W3/256",
     "ScanJIT (C++ frontend)"),
    ("W4 RNN B=32 H=512", "W4_ScanJIT/512", "W4_Loop/512", "W4/512", "ScanJIT"),
    ("W4 RNN B=32 H=512, C++ frontend", "W4_Frontend/512", "W4_Loop/512",
     "W4/512", "ScanJIT (C++ frontend)"),
    ("W5 10-step call", "W5_ScanJIT", "W5_Loop", "W5", "ScanJIT"),
    ("W6 BPTT, W3 RNN H=64", "W6_ScanJIT/64", "W6_Loop/64", "W6/64",
     "ScanJIT (C++ frontend)"),
    ("W6 BPTT, W3 RNN H=256", "W6_ScanJIT/256", "W6_Loop/256", "W6/256",
     "ScanJIT (C++ frontend)"),
    ("W6 BPTT, W4 RNN B=32 H=512", "W6_Batched_ScanJIT/512",
     "W6_Batched_Loop/512", "W6/512", "ScanJIT (C++ frontend)"),
    ("W8 W3 H=64, graph to first result (C++ frontend)", "W8_Frontend/64",
     None, "W8", "ScanJIT (C++ frontend)"),
]

# The chart's group labels, per peer workload key.
GROUPS = {
    "W1": "W1 cumsum\n1e7 f64", "W2/100000": "W2 A**k\nk=1e5",
    "W2/10000000": "W2 A**k\nk=1e7", "W3/64": "W3 RNN\nH=64",
    "W3/256": "W3 RNN\nH=256", "W4/512": "W4 RNN\nB=32 H=512",
    "W5": "W5 10-step\ncall", "W6/64": "W6 BPTT\nH=64",
    "W6/256": "W6 BPTT\nH=256", "W6/512": "W6 BPTT\nB=32 H=512",
    "W8": "W8 graph to\nfirst result",
}

# The peers' columns, in this order (others found in the JSON follow).
PEER_COLUMNS = ["JAX", "PyTorch loop", "PyTorch nn.RNN", "torch.compile",
                "PyTensor C", "PyTensor numba"]

UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def benchmark_name(name):
    """"W8_Frontend/64/iterations:5/real_time" -> "W8_Frontend/64"."""
    parts = [p for p in name.split("/")
             if p != "real_time" and not p.startswith("iterations:")
             and not p.startswith("repeats:")]
    return "/".join(parts)


def read_scanjit(path):
    """Seconds per iteration of each benchmark of scanjit-bench's JSON."""
    with open(path) as f:
        data = json.load(f)
    medians, plain = {}, {}
    for row in data.get("benchmarks", []):
        if row.get("error_occurred"):
            continue
        name = benchmark_name(row.get("run_name", row["name"]))
        seconds = row["real_time"] * UNITS[row.get("time_unit", "ns")]
        if row.get("run_type") == "aggregate":
            if row.get("aggregate_name") == "median":
                medians[name] = seconds
        else:
            plain.setdefault(name, []).append(seconds)
    times = {name: statistics.median(values) for name, values in plain.items()}
    times.update(medians)
    return times, data.get("context", {})


def read_peers(paths):
    """{(workload, column): row} and the peers' contexts."""
    rows, contexts = {}, []
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        contexts.append(data["context"])
        for row in data["results"]:
            rows[(row["workload"], row["column"])] = row
    return rows, contexts


def format_time(seconds):
    """As scanjit-bench's table prints times (but seconds from 1 s on)."""
    if seconds < 1e-6:
        return f"{seconds * 1e9:.0f} ns"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


class Notes:
    """Numbered notes under the table, one per distinct text."""

    def __init__(self):
        self.texts = []

    def mark(self, text):
        if text not in self.texts:
            self.texts.append(text)
        return f"[{self.texts.index(text) + 1}]"


def peer_cell(row, notes):
    if row is None:
        return "-"
    if row["status"] != "ok":
        return "n/a " + notes.mark(f"{row['column']}, {row['label']}: {row['reason']}")
    cell = format_time(row["seconds"])
    if row.get("measured_steps", row.get("steps")) != row.get("steps"):
        scale = row["steps"] / row["measured_steps"]
        cell = "≈" + cell + " " + notes.mark(
            f"≈: measured over {row['measured_steps']:,} steps and scaled by "
            f"{scale:g}: a call of the full workload was estimated at over "
            f"peers.py's --max-call-seconds")
    return cell


def table(scanjit, peers, columns, notes):
    """The markdown table's lines."""
    header = ["workload", "ScanJIT", "C++ loop"] + columns + [
        "fastest peer", "ScanJIT / fastest"]
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join(["---"] + ["---:"] * (len(header) - 3) +
                               ["---", "---:"]) + " |"]
    for label, ours, loop, key, _ in ROWS:
        t = scanjit.get(ours)
        cells = [peers.get((key, c)) for c in columns]
        if t is None and not any(cells):
            continue
        ok = [(r["seconds"], r["column"]) for r in cells
              if r is not None and r["status"] == "ok"]
        fastest = min(ok) if ok else None
        line = [label, format_time(t) if t is not None else "-",
                format_time(scanjit[loop]) if loop and loop in scanjit else "-"]
        line += [peer_cell(r, notes) for r in cells]
        line.append(fastest[1] if fastest else "-")
        line.append(f"{t / fastest[0]:.2f}x" if fastest and t is not None else "-")
        lines.append("| " + " | ".join(line) + " |")
    return lines


def chart(path, scanjit, peers, columns, title):
    """Grouped bars, one group per workload, log-scale time axis."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    series = ["ScanJIT", "ScanJIT (C++ frontend)", "C++ loop"] + columns
    groups = list(GROUPS)
    values = {s: {} for s in series}
    for _, ours, loop, key, which in ROWS:
        if ours in scanjit:
            values[which][key] = scanjit[ours]
        if loop and loop in scanjit:
            values["C++ loop"][key] = scanjit[loop]
    failed = {s: set() for s in series}
    extrapolated = set()
    for (key, column), row in peers.items():
        if column not in values:
            continue
        if row["status"] == "ok":
            values[column][key] = row["seconds"]
            if row.get("measured_steps", row.get("steps")) != row.get("steps"):
                extrapolated.add((key, column))
        else:
            failed[column].add(key)
    series = [s for s in series if values[s] or failed[s]]
    groups = [g for g in groups if any(g in values[s] for s in series)]

    fig, ax = plt.subplots(figsize=(16, 6.5))
    width = 0.85 / len(series)
    colors = plt.get_cmap("tab10").colors
    lowest = min(v for s in series for v in values[s].values())
    floor = 10 ** (int(f"{lowest:e}".split("e")[1]) - 1)
    for i, s in enumerate(series):
        xs, ys, hatches = [], [], []
        for g, key in enumerate(groups):
            x = g + (i - (len(series) - 1) / 2) * width
            if key in values[s]:
                xs.append(x)
                ys.append(values[s][key])
                hatches.append("////" if (key, s) in extrapolated else None)
            elif key in failed[s]:
                ax.text(x, floor * 1.3, "n/a", rotation=90, fontsize=7,
                        ha="center", va="bottom", color=colors[i % 10])
        ax.bar(xs, ys, width, label=s, color=colors[i % 10],
               edgecolor="black" if s.startswith("ScanJIT") else "white",
               linewidth=0.6 if s.startswith("ScanJIT") else 0, hatch=hatches)
    if extrapolated:
        ax.text(0.995, 0.985, "hatched: measured over 1/100 of the steps "
                "and scaled", transform=ax.transAxes, ha="right", va="top",
                fontsize=8)
    ax.set_yscale("log")
    ax.set_ylim(bottom=floor)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels([GROUPS[g] for g in groups], fontsize=9)
    ax.set_ylabel("time per call (s), log scale; lower is faster")
    ax.grid(axis="y", which="major", alpha=0.3)
    ax.set_title(title, fontsize=11)
    # The legend from plain patches: a series' first bar may be hatched.
    handles = [Patch(facecolor=colors[i % 10], label=s,
                     edgecolor="black" if s.startswith("ScanJIT") else "none")
               for i, s in enumerate(series)]
    ax.legend(handles=handles, ncol=len(series), fontsize=9,
              loc="upper center", bbox_to_anchor=(0.5, -0.1), frameon=False)
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scanjit", required=True,
                        help="scanjit-bench's --benchmark_out JSON")
    parser.add_argument("--peers", nargs="*", default=[],
                        help="peers.py's JSON files")
    parser.add_argument("--chart", help="write the bar chart to this PNG")
    args = parser.parse_args()

    scanjit, context = read_scanjit(args.scanjit)
    peers, contexts = read_peers(args.peers)
    present = {column for _, column in peers}
    columns = [c for c in PEER_COLUMNS if c in present]
    columns += sorted(present - set(PEER_COLUMNS))

    notes = Notes()
    lines = table(scanjit, peers, columns, notes)
    print("\n".join(lines))
    print()
    print("Times per call: the median of the repetitions (peers: see "
          "bench/peers/peers.py). Ratio below 1: ScanJIT is faster than the "
          "fastest peer.")
    for i, text in enumerate(notes.texts, 1):
        print(f"[{i}] {text}")
    for ctx in contexts:
        if ctx.get("options", {}).get("steps"):
            print(f"Warning: {ctx['peer']} ran with --steps {ctx['options']['steps']}: "
                  "its times are not comparable.")
    date = context.get("date", "")
    cpus = sorted({c for ctx in contexts for c in ctx.get("cpus", [])})
    print()
    print(f"scanjit-bench: {date}, {context.get('host_name', '')}, "
          f"{context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz; "
          f"peers pinned to CPUs {cpus}:")
    for ctx in contexts:
        print(f"- {ctx['peer']}: {ctx['versions']}; numpy {ctx['numpy']}, "
              f"python {ctx['python']}; {ctx['date']}")
    if args.chart:
        title = (f"ScanJIT, hand-written C++ and peers, one thread each "
                 f"({date[:16].replace('T', ' ')})")
        chart(args.chart, scanjit, peers, columns, title)
        print(f"\nchart: {args.chart}", file=sys.stderr)


if __name__ == "__main__":
    main()
