"""A run's front page, index.html and index.md, in the run's language: the plan and region, the data's date and
hash, a compact scorecard with traffic lights, then a link to each notebook's report. Every blank a reader would
see is a dash explained in a footnote; full tables stay in the scorecard CSV files."""
from __future__ import annotations

import html
import math
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from ..reference import labels

DASH = "—"
LIGHTS = {"met": ("#2e7d32", "🟢"), "on track": ("#2e7d32", "🟢"), "at risk": ("#f9a825", "🟡"),
          "missed": ("#c62828", "🔴"), "off track": ("#c62828", "🔴"), "no data": ("#9e9e9e", "⚪"),
          "milestone": ("#9e9e9e", "⚪")}
STYLE = """body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:72em;
padding:0 1em;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:.9em}th,td{border:1px solid #ccc;
padding:.3em .5em;vertical-align:top}th{background:#f3f3f3}.light{font-size:1.1em}.note{color:#555;font-size:.9em}"""


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _number(value, unit: str | None = None, signed: bool = False) -> str:
    """4 significant digits, thousands separated, never in e-notation; a dash when blank."""
    if _blank(value):
        return DASH
    sign = "+" if signed else ""
    text = f"{value:{sign},.0f}" if abs(value) >= 1000 else f"{float(f'{value:.4g}'):{sign}g}"
    return f"{text} {unit}" if unit else text


def _status(status, lang: str) -> tuple[str, str]:
    """(traffic-light emoji, label) for a status; a dash when there is none."""
    if _blank(status):
        return "", DASH
    return LIGHTS.get(status, ("", ""))[1], labels.status_label(status, lang)


def compact_rows(table: pd.DataFrame, as_of: int, lang: str) -> tuple[list[str], list[dict]]:
    """The compact scorecard: headers and one row per target (status keys kept for the traffic lights)."""
    text = lambda key, **f: labels.report_text(key, lang, **f)  # noqa: E731
    view = text("view_ex_ante", year=as_of)
    headers = [text("col_target"), text("col_asked"), text("col_call", year=as_of), text("col_band", view=view),
               text("col_outcome"), text("col_verdict"), text("col_gap")]
    rows = []
    order = list(LIGHTS)  # decided and forecast targets first, then those without data, then milestones
    records = sorted(table.to_dict("records"),
                     key=lambda r: order.index(r["status_latest"]) if r["status_latest"] in order else len(order))
    for row in records:
        unit = "%" if row["kind"] == "growth" else (row["unit"] if not _blank(row["unit"]) else None)
        unit = labels.UNITS_EN.get(unit, unit) if lang == "en" else unit
        unit = None if unit == "number" else unit  # counts need no unit in English
        call = _status(row[f"status_{as_of}"], lang)[1]
        if not _blank(row[f"probability_{as_of}"]) and row[f"status_{as_of}"] not in ("met", "missed"):
            call += f" (P = {row[f'probability_{as_of}']:.0%})"
        band = row[f"eurostat_band_{as_of}"]
        name = (labels.indicator_label(row["indicator"], lang, with_unit=False)
                if not _blank(row["indicator"]) else row["clause"])
        rows.append({"status": row["status_latest"], "cells": [
            name, row["text"], call, DASH if _blank(band) else labels.band_label(band, lang),
            _number(row["outcome_latest"], unit), _status(row["status_latest"], lang)[1],
            _number(row["gap"], labels.report_text("points", lang) if unit == "%" else unit, signed=True)]})
    return headers, rows


def status_counts(table: pd.DataFrame, lang: str) -> list[tuple[str, str, int]]:
    """(status, its label, how many targets have it with the latest data)."""
    counts = table["status_latest"].value_counts()
    return [(s, labels.status_label(s, lang), int(counts[s])) for s in LIGHTS if s in counts]


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def scorecard_markdown(table: pd.DataFrame, region: str, as_of: int, lang: str) -> str:
    """The compact scorecard as Markdown, with its header line and footnote (scorecard.md, index.md)."""
    headers, rows = compact_rows(table, as_of, lang)
    lines = [f"_{labels.report_text('scorecard_view', lang, region=region, year=as_of)}_", "",
             "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        cells = list(row["cells"])
        cells[5] = f"{_status(row['status'], lang)[0]} {cells[5]}".strip()
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n\n" + labels.report_text("dash_note", lang) + "\n"


def _md_link(title: str, href: str | None) -> str:
    return f"[{_md_cell(title)}]({quote(href)})" if href else _md_cell(title)


def _html_link(title: str, href: str | None) -> str:
    return f'<a href="{quote(href)}">{html.escape(title)}</a>' if href else html.escape(title)


def index_markdown(page: dict) -> str:
    """index.md from the page description `page_data` builds."""
    lang = page["lang"]
    out = [f"# {page['title']}", "", page["run_line"], "", page["data_line"], ""]
    for card in page["scorecards"]:
        out += [f"## {labels.report_text('scorecard', lang)}", "",
                " · ".join(f"{LIGHTS[status][1]} {name} {n}" for status, name, n in card["counts"]), "",
                card["markdown"], labels.report_text("full_tables", lang, files=card["csv"]), ""]
    out += [f"## {labels.report_text('reports', lang)}", ""]
    out += [f"- {_md_link(r['title'], r['href'])} — {r['status']}, {r['seconds']}" for r in page["reports"]]
    return "\n".join(out) + "\n"


def index_html(page: dict) -> str:
    """index.html: one self-contained page (inline style, no script, nothing fetched)."""
    lang, e = page["lang"], html.escape
    body = [f"<h1>{e(page['title'])}</h1>", f"<p>{e(page['run_line'])}</p>", f"<p>{e(page['data_line'])}</p>"]
    for card in page["scorecards"]:
        headers, rows = card["rows"]
        body += [f"<h2>{e(labels.report_text('scorecard', lang))}</h2>", f"<p class=note>{e(card['view'])}</p>",
                 "<p>" + " · ".join(f'<span class=light style="color:{LIGHTS[status][0]}">●</span> {e(name)} {n}'
                                     for status, name, n in card["counts"]) + "</p>",
                 "<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in headers) + "</tr></thead><tbody>"]
        for row in rows:
            colour = LIGHTS.get(row["status"], ("#9e9e9e", ""))[0]
            cells = [e(str(c)) for c in row["cells"]]
            cells[5] = f'<span class=light style="color:{colour}">●</span> {cells[5]}'
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        body += ["</tbody></table>", f"<p class=note>{e(labels.report_text('dash_note', lang))} "
                 f"{e(labels.report_text('full_tables', lang, files=card['csv']))}</p>"]
    body += [f"<h2>{e(labels.report_text('reports', lang))}</h2>", "<ul>"]
    body += [f"<li>{_html_link(r['title'], r['href'])} — {e(r['status'])}, {e(r['seconds'])}</li>"
             for r in page["reports"]]
    body.append("</ul>")
    return (f"<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{e(page['title'])}</title><style>{STYLE}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def report_title(stem: str, parameters: dict, lang: str) -> str:
    """A report page's title: the notebook's title and the parameters it ran with."""
    shown = []
    for key, value in sorted(parameters.items()):
        if key == "region":
            from ..reference.regions import region_code
            value = labels.region_label(region_code(value), lang)
        shown.append(f"{key} = {DASH if value is None else value}")
    title = labels.notebook_title(stem, lang)
    return f"{title} ({', '.join(shown)})" if shown else title


def page_data(run: dict, cards: list[dict], plan, region: str | None, lang: str) -> dict:
    """What index.html and index.md show. `run` is the manifest; `cards` holds, per scorecard in the run's
    language: its review table, region code, as-of year and CSV file name."""
    text = lambda key, **f: labels.report_text(key, lang, **f)  # noqa: E731
    ok = sum(job["status"] == "ok" for job in run["notebooks"])
    status_key = {"failed": "job_failed", "pending": "pending"}
    region_name = labels.region_label(region, lang) if region else DASH
    page = {"lang": lang, "title": text("run_title", plan=getattr(plan, lang) if plan else run["run"], region=region_name),
            "run_line": text("run_line", name=run["run"], status=text(run["status"]), n=len(run["notebooks"]), ok=ok,
                             seconds=run["seconds"], started=run["started"]),
            "data_line": text("data_line", year=run["data_last_year"] or DASH, date=run["panel_made"] or DASH,
                              sha=run["data_sha256"][:16]),
            "scorecards": [], "reports": []}
    for card in cards:
        name = labels.region_label(card["region"], lang)
        page["scorecards"].append({
            "rows": compact_rows(card["table"], card["as_of"], lang), "counts": status_counts(card["table"], lang),
            "markdown": scorecard_markdown(card["table"], name, card["as_of"], lang), "csv": card["csv"],
            "view": text("scorecard_view", region=name, year=card["as_of"])})
    for job in run["notebooks"]:
        page["reports"].append({"title": report_title(Path(job["notebook"]).stem, job["parameters"], lang),
                                "href": job["html"] or job["output"],  # None when never written
                                "status": text(status_key.get(job["status"], job["status"])),
                                "seconds": text("seconds", seconds=job["seconds"])})
    return page
