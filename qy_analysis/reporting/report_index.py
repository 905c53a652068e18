"""A run's front page, index.html and index.md, in the run's language: the plan and region, the data's date and
hash, a compact scorecard with traffic lights, then a link to each notebook's report. Every blank a reader would
see is a dash explained in a footnote; full tables stay in the scorecard CSV files."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from ..reference import labels
from . import explorer_text
from .tables import DASH, STATUS_ORDER, view_text

LIGHTS = {
    "met": ("good", "🟢"),
    "on track": ("good", "🟢"),
    "at risk": ("warn", "🟡"),
    "missed": ("bad", "🔴"),
    "off track": ("bad", "🔴"),
    "no data": ("none", "⚪"),
    "milestone": ("none", "⚪"),
}  # CSS class, emoji
STYLE = """
body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;
margin:2em auto;max-width:72em;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}th{background:#f3f3f3}.light{font-size:1.1em}
.note{color:#555;font-size:.9em}.good{color:#2e7d32}.warn{color:#f9a825}.bad{color:#c62828}
.none{color:#9e9e9e}.verdict{font-size:1.15em}summary{cursor:pointer;font-weight:600;margin:1em 0}"""
FOLDED = ("no data", "milestone")  # latest statuses shown folded below the targets with data


def status_counts(card: pd.DataFrame, lang: str) -> list[tuple[str, str, int]]:
    """(status, its label, how many targets have it with the latest data) of an `index_scorecard` table."""
    statuses = card.attrs["status"]
    return [(s, labels.status_label(s, lang), statuses.count(s)) for s in STATUS_ORDER if s in statuses]


def _lit_cells(card: pd.DataFrame, light, cell) -> list[list[str]]:
    """The table's cells as `cell(text)`, the status column's preceded by `light(status)`."""
    column = list(card.columns).index(card.attrs["status_column"])
    rows = [[cell(text) for text in row] for row in card.astype(str).to_numpy().tolist()]
    for row, status in zip(rows, card.attrs["status"]):
        row[column] = f"{light(status)} {row[column]}"
    return rows


def _split(card: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(targets with data, the rest: no data or milestones), each keeping its statuses and footnotes."""
    folded = [s in FOLDED for s in card.attrs["status"]]
    parts = []
    for keep in (False, True):
        rows = [i for i, f in enumerate(folded) if f == keep]
        part = card.iloc[rows].reset_index(drop=True)
        part.attrs = dict(card.attrs, status=[card.attrs["status"][i] for i in rows])
        parts.append(part)
    return parts[0], parts[1]


def headline_verdicts(card: pd.DataFrame, headline: list[str], lang: str) -> list[str]:
    """One line per headline target: its words, the result with the latest data and the ex-ante call."""
    ids, cols = card.attrs.get("target_ids", []), list(card.columns)
    lines = []
    for target_id in headline:
        if target_id in ids:
            row = card.iloc[ids.index(target_id)]
            lines.append(
                labels.report_text(
                    "verdict",
                    lang,
                    target=row[cols[0]],
                    result=row[card.attrs["status_column"]],
                    outcome=row[cols[4]],
                    call=row[cols[2]],
                )
            )
    return lines


def _html_table(table: pd.DataFrame) -> list[str]:
    e = html.escape
    return (
        ["<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in table.columns) + "</tr></thead><tbody>"]
        + ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in _lit_cells(table, _html_light, e)]
        + ["</tbody></table>"]
    )


def _html_light(status: str) -> str:
    return f'<span class="light {LIGHTS[status][0]}">●</span>'


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def scorecard_markdown(card: pd.DataFrame, region: str, as_of: int, lang: str) -> str:
    """An `index_scorecard` table as Markdown, with its header line and footnotes (scorecard.md, index.md)."""
    rows = [
        [_md_cell(h) for h in card.columns],
        ["---"] * len(card.columns),
        *_lit_cells(card, lambda status: LIGHTS[status][1], _md_cell),
    ]
    lines = [f"_{labels.report_text('scorecard_view', lang, region=region, year=as_of)}_", ""]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n\n" + "  \n".join(card.attrs["footnotes"]) + "\n"


def _md_link(title: str, href: str | None) -> str:
    return f"[{_md_cell(title)}]({quote(href)})" if href else _md_cell(title)


def _html_link(title: str, href: str | None) -> str:
    return f'<a href="{quote(href)}">{html.escape(title)}</a>' if href else html.escape(title)


def index_markdown(page: dict) -> str:
    """index.md from the page description `page_data` builds."""
    lang = page["lang"]
    out = [f"# {page['title']}", "", page["run_line"], "", page["data_line"], ""]
    for card in page["scorecards"]:
        out += [
            *(f"**{line}**  " for line in card.get("verdicts", [])),
            "",
            f"## {labels.report_text('scorecard', lang)}",
            "",
            " · ".join(f"{LIGHTS[status][1]} {name} {n}" for status, name, n in card["counts"]),
            "",
            card["markdown"],
            labels.report_text("full_tables", lang, files=card["csv"]),
            "",
        ]
    out += [f"## {labels.report_text('reports', lang)}", ""]
    out += [f"- {_md_link(r['title'], r['href'])} — {r['status']}, {r['seconds']}" for r in page["reports"]]
    out += [f"- {_md_link(page['explorer'][0], page['explorer'][1])}"] if page.get("explorer") else []
    return "\n".join(out) + "\n"


def index_html(page: dict) -> str:
    """index.html: one self-contained page (inline style, no script, nothing fetched)."""
    lang, e = page["lang"], html.escape
    body = [f"<h1>{e(page['title'])}</h1>", f"<p>{e(page['run_line'])}</p>", f"<p>{e(page['data_line'])}</p>"]
    for card in page["scorecards"]:
        table = card["card"]
        body += [f"<p class=verdict>{e(line)}</p>" for line in card.get("verdicts", [])]
        body += [
            f"<h2>{e(labels.report_text('scorecard', lang))}</h2>",
            f"<p class=note>{e(card['view'])}</p>",
            "<p>" + " · ".join(f"{_html_light(status)} {e(name)} {n}" for status, name, n in card["counts"]) + "</p>",
        ]
        with_data, rest = _split(table)
        body += _html_table(with_data)
        if len(rest):
            body += [
                f"<details><summary>{e(labels.report_text('folded', lang, n=len(rest)))}</summary>",
                *_html_table(rest),
                "</details>",
            ]
        body += [f"<p class=note>{e(note)}</p>" for note in table.attrs["footnotes"]]
        body += [f"<p class=note>{e(labels.report_text('full_tables', lang, files=card['csv']))}</p>"]
    body += [f"<h2>{e(labels.report_text('reports', lang))}</h2>", "<ul>"]
    body += [
        f"<li>{_html_link(r['title'], r['href'])} — {e(r['status'])}, {e(r['seconds'])}</li>" for r in page["reports"]
    ]
    body += [f"<li>{_html_link(*page['explorer'])}</li>"] if page.get("explorer") else []
    body.append("</ul>")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(page['title'])}</title><style>{STYLE}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def report_title(stem: str, parameters: dict, lang: str) -> str:
    """A report page's title: the notebook's title and the parameters it ran with."""
    shown = []  # in words: 清远市, 截至2012年的数据 / 最新数据, English; other parameters as name = value
    for key, value in sorted(parameters.items()):
        if key == "region":
            from ..reference.regions import region_code

            shown.append(labels.region_label(region_code(value), lang))
        elif key == "as_of":
            shown.append(view_text(value, lang))
        elif key == "lang":
            shown.append(labels.report_text(f"lang_{value}", lang))
        else:
            shown.append(f"{key} = {DASH if value is None else value}")
    title = labels.notebook_title(stem, lang)
    return (f"{title}（{'，'.join(shown)}）" if lang == "zh" else f"{title} ({', '.join(shown)})") if shown else title


def page_data(run: dict, cards: list[dict], plan, region: str | None, lang: str) -> dict:
    """What index.html and index.md show. `run` is the manifest; `cards` holds, per scorecard in the run's
    language: its `index_scorecard` table ("card"), region code, as-of year and CSV file name."""
    text = lambda key, **f: labels.report_text(key, lang, **f)  # noqa: E731
    ok = sum(job["status"] == "ok" for job in run["notebooks"])
    status_key = {"failed": "job_failed", "pending": "pending"}
    region_name = labels.region_label(region, lang) if region else DASH
    page = {
        "lang": lang,
        "title": text("run_title", plan=getattr(plan, lang) if plan else run["run"], region=region_name),
        "run_line": text(
            "run_line",
            name=run["run"],
            status=text(run["status"]),
            n=len(run["notebooks"]),
            ok=ok,
            seconds=run["seconds"],
            started=run["started"],
        ),
        "data_line": text(
            "data_line", year=run["data_last_year"] or DASH, date=run["panel_made"] or DASH, sha=run["data_sha256"][:16]
        ),
        "scorecards": [],
        "reports": [],
        "explorer": (explorer_text.text("explorer_link", lang), run["explorer"]) if run.get("explorer") else None,
    }
    for card in cards:
        name = labels.region_label(card["region"], lang)
        page["scorecards"].append(
            {
                "card": card["card"],
                "counts": status_counts(card["card"], lang),
                "csv": card["csv"],
                "markdown": scorecard_markdown(card["card"], name, card["as_of"], lang),
                "view": text("scorecard_view", region=name, year=card["as_of"]),
                "verdicts": headline_verdicts(
                    card["card"], [plan.headline_target] if plan and plan.headline_target else [], lang
                ),
            }
        )
    for job in run["notebooks"]:
        page["reports"].append(
            {
                "title": report_title(Path(job["notebook"]).stem, job["parameters"], lang),
                "href": job["html"] or job["output"],  # None when never written
                "status": text(status_key.get(job["status"], job["status"])),
                "seconds": text("seconds", seconds=job["seconds"]),
            }
        )
    return page
