"""Turn a benchmark record into JSON files, a Markdown report, a PNG plot and the docs table.

:func:`write_all` writes ``<stamp>.json`` and ``latest.json``, ``latest.md`` (the tables
and the targets, each marked met or missed), ``latest.png`` (W1 p50 against dataset size,
req/s per workload), and replaces the part of ``docs/performance.md`` between the
``bench:start`` / ``bench:end`` markers with ``latest.md``. ``python -m benchmarks.report
[FILE]`` rebuilds the Markdown, plot and docs from a saved record.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path
from typing import Any

from benchmarks.workloads import WORKLOADS

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
D1 = 10_000
MAIN_CONNS = "10"


def _server(result: dict[str, Any], db: str, size: int) -> dict[str, Any] | None:
    for server in result["servers"]:
        if server["db"] == db and server["statuses"] == size:
            return server
    return None


def _median(server: dict[str, Any] | None, workload: str, conns: str = MAIN_CONNS):
    if server is None:
        return None
    item = server["workloads"].get(workload, {}).get(conns)
    return item["median"] if item else None


def _ceiling(result: dict[str, Any], mode: str, conns: str = MAIN_CONNS):
    item = result.get("ceiling", {}).get(mode, {}).get(conns)
    return item["median"] if item else None


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue with the measured value and whether it is met."""
    rows: list[dict[str, Any]] = []

    def add(name: str, value: float | None, goal: str, met: bool | None) -> None:
        rows.append({"target": name, "value": value, "goal": goal, "met": met})

    lite = _server(result, "sqlite", D1)
    for workload, floor in (("W1", 400), ("W4", 400), ("W3", 1500), ("W2", 200)):
        m = _median(lite, workload)
        add(
            f"{workload} SQLite D1 req/s (10 conns)",
            m and m["rps"],
            f">= {floor}",
            None if m is None else m["rps"] >= floor,
        )
    m = _median(lite, "W1")
    add(
        "W1 SQLite D1 p99 ms (10 conns)",
        m and m["p99_ms"],
        "< 50",
        None if m is None else m["p99_ms"] < 50,
    )
    w1, w5 = _median(lite, "W1"), _median(lite, "W5")
    ratio = round(w1["rps"] / w5["rps"], 2) if w1 and w5 and w5["rps"] else None
    add(
        "W5 deep page: W1 req/s / W5 req/s",
        ratio,
        "<= 1.2",
        None if ratio is None else ratio <= 1.2,
    )
    pg = _server(result, "postgres", D1)
    if pg is not None and lite is not None:
        for workload in WORKLOADS:
            a, b = _median(lite, workload), _median(pg, workload)
            if a and b and a["rps"]:
                share = round(b["rps"] / a["rps"], 2)
                add(f"{workload} PostgreSQL / SQLite req/s", share, ">= 0.75", share >= 0.75)
    ref = _ceiling(result, "graphql-memory")
    for server in (lite, pg):
        w6 = _median(server, "W6")
        if w6 and ref and ref["rps"]:
            share = round(w6["rps"] / ref["rps"], 2)
            add(f"W6 {server['db']} / in-memory Strawberry req/s", share, ">= 0.5", share >= 0.5)
    for server in result["servers"]:
        if server["statuses"] == D1:
            continue
        base = _server(result, server["db"], D1)
        for conns in ("1", MAIN_CONNS):
            a, b = _median(base, "W1", conns), _median(server, "W1", conns)
            if a and b and a["p50_ms"]:
                ratio = round(b["p50_ms"] / a["p50_ms"], 2)
                add(
                    f"W1 p50 {server['db']} {server['statuses']:,} / {D1:,} ({conns} conn)",
                    ratio,
                    "<= 1.2",
                    ratio <= 1.2,
                )
    for server in result["servers"]:
        q = server["queries"]
        if "W1" in q:
            same = q.get("W1 limit=1") == q["W1"] == q.get("W1 limit=40")
            add(
                f"SQL per W1 page {server['db']} {server['statuses']:,} (1/20/40 statuses)",
                f"{q.get('W1 limit=1')}/{q['W1']}/{q.get('W1 limit=40')}",
                "<= 8, equal",
                same and q["W1"] <= 8,
            )
        if "memory" in server:
            rss = server["memory"]["rss_mb"]
            add(
                f"RSS MB after the run, {server['db']} {server['statuses']:,}",
                rss,
                "< 100",
                rss < 100,
            )
    return rows


def markdown(result: dict[str, Any]) -> str:
    """The report: method, results per server, ceiling, targets."""
    meta = result["meta"]
    method = meta["method"]
    lines = [
        f"Run {meta['date']} at commit `{meta['commit']}` on {meta['cpu']} "
        f"({meta['cores']} cores), Python {meta['python']}, {meta['wrk']}.",
        f"Server: {method['server']}. Load: {method['load']}. "
        f"{method['warmup_s']} s warm-up, {method['repeats']} x {method['duration_s']} s "
        f"measured, {method['statistic']}.",
    ]
    lines += [f"**{note}**" for note in meta.get("notes", [])]
    prebuilt = _ceiling(result, "prebuilt")
    built = _ceiling(result, "orjson")
    lines += [
        "",
        "| DB | statuses | workload | conns | req/s | p50 ms | p99 ms | CPU ms/req | SQL/req "
        "| non-2xx | wrong | vs prebuilt | vs orjson |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for server in result["servers"]:
        for name, per in server["workloads"].items():
            for conns, item in per.items():
                m = item["median"]
                pre = _ceiling(result, "prebuilt", conns)
                orj = _ceiling(result, "orjson", conns)
                lines.append(
                    f"| {server['db']} | {server['statuses']:,} | {name} "
                    f"{WORKLOADS[name].title} | {conns} | {m['rps']:,.0f} | {m['p50_ms']} | "
                    f"{m['p99_ms']} | {m['cpu_ms_per_request']} | "
                    f"{server['queries'].get(name, '')} | {m['non2xx']} | {m['wrong']} | "
                    f"{_ratio(m, pre)} | {_ratio(m, orj)} |"
                )
    if prebuilt or built:
        lines += [
            "",
            "Ceiling and reference (same core, same load generator):",
            "",
            "| reference | conns | req/s | p50 ms | p99 ms | CPU ms/req |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for mode, per in result["ceiling"].items():
            for conns, item in per.items():
                m = item["median"]
                lines.append(
                    f"| {mode} | {conns} | {m['rps']:,.0f} | {m['p50_ms']} | "
                    f"{m['p99_ms']} | {m['cpu_ms_per_request']} |"
                )
    memory = [s for s in result["servers"] if "memory" in s]
    if memory:
        lines += [
            "",
            "| DB | statuses | RSS after the run (MB) | peak RSS (MB) | seeding (s) |",
            "|---|---:|---:|---:|---:|",
        ]
        for s in memory:
            lines.append(
                f"| {s['db']} | {s['statuses']:,} | {s['memory']['rss_mb']} | "
                f"{s['memory']['peak_rss_mb']} | {s['seed_seconds']} |"
            )
    lines += ["", "| target | measured | goal | met |", "|---|---:|---|---|"]
    for row in targets(result):
        met = {True: "yes", False: "**no**", None: "not measured"}[row["met"]]
        lines.append(f"| {row['target']} | {row['value']} | {row['goal']} | {met} |")
    lines.append("")
    lines.append(
        "![W1 p50 against dataset size; req/s per workload](../benchmarks/results/latest.png)"
    )
    return "\n".join(lines) + "\n"


def _ratio(m: dict[str, Any], ceiling: dict[str, Any] | None) -> str:
    if not ceiling or not ceiling["rps"]:
        return ""
    return f"{m['rps'] / ceiling['rps']:.2f}"


def plot(result: dict[str, Any], path: Path) -> None:
    """Two panels: W1 p50 against dataset size; req/s per workload at 10 connections."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    for db in sorted({s["db"] for s in result["servers"]}):
        servers = sorted(
            (s for s in result["servers"] if s["db"] == db), key=lambda s: s["statuses"]
        )
        for conns, style in (("1", "o--"), (MAIN_CONNS, "o-")):
            points = [(s["statuses"], _median(s, "W1", conns)) for s in servers]
            points = [(x, m["p50_ms"]) for x, m in points if m]
            if points:
                xs, ys = zip(*points, strict=True)
                left.plot(xs, ys, style, label=f"{db}, {conns} conn")
    left.set_xscale("log")
    left.set_xlabel("statuses in the database")
    left.set_ylabel("W1 home timeline p50 (ms)")
    left.set_title("Latency against dataset size")
    left.set_ylim(bottom=0)
    left.legend()

    names = [n for n in WORKLOADS if any(n in s["workloads"] for s in result["servers"])]
    dbs = [s for s in result["servers"] if s["statuses"] == D1]
    ref = _ceiling(result, "graphql-memory")
    bars = len(dbs) + (1 if ref and "W6" in names else 0)
    width = 0.8 / max(1, bars)
    for i, server in enumerate(dbs):
        values = [(_median(server, n) or {"rps": 0})["rps"] for n in names]
        xs = [j + i * width for j in range(len(names))]
        right.bar(xs, values, width=width, label=server["db"])
    if ref and "W6" in names:
        j = names.index("W6")
        right.bar(
            j + len(dbs) * width,
            ref["rps"],
            width=width,
            label="W6 in-memory reference",
            color="grey",
        )
    for mode, style in (("prebuilt", ":"), ("orjson", "--")):
        m = _ceiling(result, mode)
        if m:
            right.axhline(
                m["rps"],
                linestyle=style,
                color="black",
                linewidth=1,
                label=f"ceiling: {mode} ({m['rps']:,.0f})",
            )
    right.set_yscale("log")
    right.set_xticks([j + width * (bars - 1) / 2 for j in range(len(names))])
    right.set_xticklabels(
        [f"{n}\n" + textwrap.fill(WORKLOADS[n].title, 12) for n in names], fontsize=7
    )
    right.set_ylabel(f"req/s ({MAIN_CONNS} connections, {D1:,} statuses)")
    right.set_title("Throughput per request type")
    right.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def update_doc(text: str, doc: Path = DOC) -> None:
    """Replace the report between the markers of ``docs/performance.md``."""
    current = doc.read_text()
    if START not in current or END not in current:
        raise SystemExit(f"{doc} lacks the {START} / {END} markers")
    head, rest = current.split(START, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{START}\n{text}{END}{tail}")


def write_all(result: dict[str, Any], out: Path) -> None:
    """Write the record, the Markdown, the plot and the docs table."""
    out.mkdir(parents=True, exist_ok=True)
    stamp = result["meta"]["date"].replace(":", "").replace("-", "")[:15]
    payload = json.dumps(result, indent=1, default=str)
    (out / f"{stamp}.json").write_text(payload)
    (out / "latest.json").write_text(payload)
    publish(result, out)


def publish(result: dict[str, Any], out: Path) -> None:
    """Write ``latest.md`` and ``latest.png`` into ``out`` (and the docs table when ``out``
    is the repository's results directory), and print the Markdown."""
    text = markdown(result)
    (out / "latest.md").write_text(text)
    plot(result, out / "latest.png")
    if out.resolve() == (ROOT / "benchmarks" / "results").resolve():
        update_doc(text)
    print(text)


def main(argv: list[str] | None = None) -> int:
    """Rebuild the report from a saved record (default ``latest.json``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "record", nargs="?", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json"
    )
    args = parser.parse_args(argv)
    publish(json.loads(args.record.read_text()), args.record.parent)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
