"""Tables of the benchmark's results, each target checked, and the block in bench/RESULTS.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
BEGIN = "<!-- BEGIN make bench: written by `python -m bench`, edit outside this block -->"
END = "<!-- END make bench -->"
SECTION = "## Exports, requests and search (make bench)"

Results = dict[str, Any]


def export_figures(result: Results) -> dict[str, float]:
    """Best export and floor times of the run, nested time scaled to N, and their ratios."""
    export = min(result["export"]["seconds"])
    floor = min(result["floor"]["seconds"])
    nested = result["nested"]
    nested_n = nested["seconds"] * result["claims"] / nested["claims"]
    return {
        "export": export,
        "floor": floor,
        "nested": nested_n,
        "vs_floor": export / floor,
        "nested_vs": nested_n / export,
        "peak_mb": result["memory"]["peak_mb"],
        "baseline_mb": result["memory"]["baseline_mb"],
        "mb": result["export"]["bytes"] / 1e6,
    }


def _line(cells: list[str], widths: list[int]) -> str:
    return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths)) + " |"  # noqa: B905


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, aligned so that it reads as plain text too."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([_line(header, widths), rule, *(_line(row, widths) for row in rows)])


def export_table(results: list[Results]) -> str:
    figures = [export_figures(r) for r in results]

    def row(name: str, key: str, template: str, target: str = "") -> list[str]:
        return [name, *(template.format(f[key]) for f in figures), target]

    sample = "/".join(f"{r['nested']['claims']:,}" for r in results)
    rows = [
        row("GET /api/v1/export.jsonl, first download, body read", "export", "{:.1f} s"),
        row("size of the export", "mb", "{:,.0f} MB"),
        row("PostgreSQL floor (one query, streamed)", "floor", "{:.1f} s"),
        row("export ÷ floor", "vs_floor", "{:.2f}×", "≤ 2×"),
        row(f"nested DRF serializers ({sample} claims, ×N)", "nested", "{:.0f} s"),
        row("nested ÷ export", "nested_vs", "{:.1f}×", "≥ 5×"),
        row("peak memory of manage.py export", "peak_mb", "{:.0f} MB", "< 150 MB, ±20 %"),
        row("  Django alone (manage.py check)", "baseline_mb", "{:.0f} MB"),
    ]
    header = ["export", *(f"N = {r['claims']:,}" for r in results), "target"]
    return table(header, rows)


REQUEST_TARGETS = {
    "API claim list, first page": "warm ≤ 5×",
    "API claim list, deep cursor page": "warm ≤ 5×, cold ≈ first page",
    "API claim detail": "warm ≤ 5×",
    "public claim page": "warm ≤ 5×",
    "public list, first page": "warm ≤ 5×",
    "public list, deep page": "warm ≤ 5×, cold ≈ first page",
    "search, topic words": "cold < 50 ms at 100,000",
    "search, speaker name": "cold < 50 ms at 100,000",
}
WARM_TARGETS = [name for name, target in REQUEST_TARGETS.items() if target.startswith("warm")]
DEEP_PAGES = [
    ("API claim list, deep cursor page", "API claim list, first page"),
    ("public list, deep page", "public list, first page"),
]


def request_table(result: Results) -> str:
    rows = [
        [
            row["name"],
            f"{row.get('cold_queries', row['queries'])} / {row['queries']}",
            f"{row['median_ms']:.2f}",
            f"{row['p95_ms']:.2f}",
            f"{row['times_trivial']:.1f}×",
            f"{row.get('cold_median_ms', 0):.2f}",
            f"{row.get('cold_p95_ms', 0):.2f}",
            f"{row.get('cold_times_trivial', 0):.1f}×",
            REQUEST_TARGETS.get(row["name"], ""),
        ]
        for row in result["requests"]
    ]
    header = [
        "request",
        "queries cold / warm",
        "warm median ms",
        "warm p95",
        "warm × trivial",
        "cold median ms",
        "cold p95",
        "cold × trivial",
        "target",
    ]
    return table(header, rows)


def mark(ok: bool, text: str) -> str:
    return ("met      " if ok else "NOT MET  ") + text


def export_checks(results: list[Results]) -> list[str]:
    lines = []
    figures = {r["claims"]: export_figures(r) for r in results}
    for n, f in figures.items():
        at = f"at {n:,}"
        lines += [
            mark(f["vs_floor"] <= 2, f"export ≤ 2× the floor {at}: {f['vs_floor']:.2f}×"),
            mark(
                f["nested_vs"] >= 5, f"export ≥ 5× faster than nested {at}: {f['nested_vs']:.1f}×"
            ),
            mark(f["peak_mb"] < 150, f"peak memory < 150 MB {at}: {f['peak_mb']:.0f} MB"),
        ]
    if len(figures) > 1:
        peaks = [f["peak_mb"] for f in figures.values()]
        spread = max(peaks) / min(peaks) - 1
        lines.append(mark(spread <= 0.2, f"peak memory within 20 % across sizes: {spread:.0%}"))
    return lines


def request_checks(result: Results) -> list[str]:
    at = f"at {result['claims']:,}"
    rows = {row["name"]: row for row in result["requests"]}
    lines = []
    for name in WARM_TARGETS:
        ratio = rows[name]["times_trivial"]
        lines.append(mark(ratio <= 5, f"{name}, warm ≤ 5× trivial {at}: {ratio:.1f}×"))
    for deep_name, first_name in DEEP_PAGES:
        first, deep = rows[first_name]["cold_median_ms"], rows[deep_name]["cold_median_ms"]
        lines.append(
            mark(
                deep <= first * 1.2,
                f"{deep_name}, cold, within 20 % of the first {at}: {deep:.1f} ms, {first:.1f} ms",
            )
        )
    if result["claims"] >= 100_000:
        for name in ("search, topic words", "search, speaker name"):
            median = rows[name]["cold_median_ms"]
            lines.append(mark(median < 50, f"{name}, cold, < 50 ms {at}: {median:.1f} ms"))
    plans = "; ".join(f"{query}: {used}" for query, used in result["search_plans"].items())
    lines.append(mark(result["search_gin"], f"search uses the GIN indexes {at} ({plans})"))
    return lines


def environment_lines(results: list[Results]) -> list[str]:
    env = dict(results[0]["environment"])
    for key in ("claims (N)", "context notes", "load average", "load average after"):
        env.pop(key, None)
    lines = [f"{key}: {value}" for key, value in env.items()]
    for r in results:
        e = r["environment"]
        lines.append(
            f"N = {r['claims']:,}: {e['context notes']} context notes; load average "
            f"{e['load average']} before, {e['load average after']} after"
        )
    return lines


def render(results: list[Results], *, command: str, notes: list[str]) -> str:
    """The whole report as Markdown."""
    parts = [f"Command: `{command}`", "", "```", *environment_lines(results), *notes, "```", ""]
    parts += ["### Export", "", export_table(results), ""]
    for result in results:
        parts += [f"### Requests at N = {result['claims']:,}", "", request_table(result), ""]
    checks = export_checks(results)
    for result in results:
        checks += request_checks(result)
    parts += ["### Targets", "", "```", *checks, "```"]
    return "\n".join(parts)


def write(text: str, path: Path = RESULTS) -> None:
    """Put `text` between the markers in bench/RESULTS.md, leaving the rest of the file alone."""
    block = f"{BEGIN}\n{text}\n{END}"
    if not path.exists():
        path.write_text(f"# Benchmark results\n\n{SECTION}\n\n{block}\n")
        return
    current = path.read_text()
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        path.write_text(head + block + tail)
    else:
        path.write_text(current.rstrip() + f"\n\n{SECTION}\n\n{block}\n")
