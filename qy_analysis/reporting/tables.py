"""Tables for people: the language-neutral results of `targets` (ids, codes, numbers) with the targets'
own words and translated statuses, at the edge where a notebook, the CLI or a report shows them.

    card = scorecard_table(assessments, "en")     # display-ready: words, formatted numbers, headers in `lang`
    brief = index_scorecard(before, after, "zh")  # one line per target: the ex-ante call against the outcome
    with_text(evaluate(scenario, targets, panel), targets, "zh")   # any table keyed by target_id

Display tables hold text only: no nan or None (a dash, explained in `frame.attrs["footnotes"]`), and a
dagger on a probability that rests on a weak basis. The same assessments serve a zh and an en report.
"""

from __future__ import annotations

import pandas as pd

from ..notes import Note
from ..reference import catalogue
from ..reference import labels as i18n
from ..reference.labels import status_label
from ..reference.numbers import format_band, format_growth, format_number
from ..reference.phrases import render
from ..targets.assessment import gap

DASH = "–"
WEAK = "†"


def with_text(frame: pd.DataFrame, targets: dict, lang: str) -> pd.DataFrame:
    """`frame` with a `text` column (each target's words in `lang`) after `clause`, or after `target_id`."""
    if frame.empty:
        return frame
    out = frame.copy()
    after = "clause" if "clause" in out.columns else "target_id"
    out.insert(out.columns.get_loc(after) + 1, "text", [targets[i].text(lang) for i in out["target_id"]])
    if "rule" in out.columns:
        out["rule"] = [i18n.rule_text(targets[i], lang) for i in out["target_id"]]
    return out


def scenario_table(frame: pd.DataFrame, targets: dict, lang: str) -> pd.DataFrame:
    """A table of `scenarios.evaluate` or `requirements` for people: the targets' words, yes/no, bounds and
    headers in `lang`, numbers rounded, dashes for no value."""
    out = with_text(frame, targets, lang)
    if "value_in_target_year" in out.columns:
        out["value_in_target_year"] = [
            _number(v, value_unit(targets[i]), lang) for v, i in zip(out["value_in_target_year"], out["target_id"])
        ]
    if "probability" in out.columns:
        out["probability"] = [DASH if pd.isna(v) else f"{v:.0%}" for v in out["probability"]]
    for column in ("assumed_growth", "needed_growth"):
        if column in out.columns:
            out[column] = [_percent(v) for v in out[column]]
    out = out.drop(columns=["target_id"])
    for column in ("meets", "enough"):
        if column in out.columns:
            out[column] = [i18n.yes_no(v, lang) for v in out[column]]
    if "bound" in out.columns:
        out["bound"] = [i18n.t(b.replace(" ", "_"), lang) for b in out["bound"]]
    if "indicator" in out.columns:
        out["indicator"] = [i18n.indicator_label(i, lang, with_unit=False) for i in out["indicator"]]
    out = out.astype(object).where(out.notna(), DASH)
    out.attrs["footnotes"] = _footnotes(out, lang)
    return headers(out, lang)


def translate_statuses(frame: pd.DataFrame, lang: str, columns=("status",)) -> pd.DataFrame:
    """`frame` with status codes (met, on track, …) replaced by their labels in `lang`."""
    out = frame.copy()
    for column in columns:
        out[column] = [status_label(code, lang) for code in out[column]]
    return out


def method_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A backtest table indexed by method (summarise, brier_table) for people: methods and headers in `lang`,
    numbers to three decimals."""
    counts = [
        c for c in frame.columns if frame[c].dropna().mod(1).eq(0).all() and c in ("cases", "series", "questions", "n")
    ]
    out = headers(frame.round(3).astype({c: "Int64" for c in counts}), lang)
    out.columns.name = i18n.column_label(frame.columns.name, lang) if frame.columns.name else None
    out.index = [i18n.method_label(m, lang) for m in frame.index]
    out.index.name = i18n.column_label(frame.index.name or "method", lang)  # "era" for the era table
    return out


def headers(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`frame` with its column headers in `lang` (labels.COLUMNS); footnotes kept."""
    out = frame.rename(columns={c: i18n.column_label(c, lang) for c in frame.columns})
    out.attrs = dict(frame.attrs)
    return out


def _number(value, unit: str | None = None, lang: str = "zh") -> str:
    """A value for people (reference.numbers: counts whole, shares 2 decimals, amounts by size) and its unit."""
    if value is None or pd.isna(value):
        return DASH
    return format_number(value, unit) + i18n.unit_suffix(unit, lang)


def _outcome(a, lang: str) -> str:
    """The value in the target year; a growth target's average growth to one decimal."""
    return _percent(a.outcome) if a.target.kind == "growth" else _number(a.outcome, a.target.unit, lang)


def _percent(value) -> str:
    """A growth rate, % a year, to one decimal."""
    return DASH if value is None or pd.isna(value) else f"{format_growth(value)}%"


def gap_to_target(a, lang: str) -> str:
    """`gap` for people: percentage points for shares and growth targets, else in the target's unit; a dash
    when there is none."""
    value, t = gap(a), a.target
    if value is None:
        return DASH
    if t.kind == "growth" or t.unit == "%":
        return i18n.t(
            "points",
            lang,
            value=format_growth(value, sign=True) if t.kind == "growth" else format_number(value, "%", sign=True),
        )  # growth to 1 decimal, shares to 2
    return format_number(value, t.unit, sign=True) + i18n.unit_suffix(t.unit, lang)


def probability_text(a, lang: str = "en") -> str:
    """'78%', '78%†' on a weak basis; for an observed outcome no probability but the word 'observed'."""
    if a.status in ("met", "missed"):
        return i18n.t("observed_outcome", lang)
    if a.probability is None:
        return DASH
    return f"{a.probability:.0%}" + (WEAK if a.weak_basis else "")


def band_text(a, lang: str, level: int = 80) -> str:
    """The forecast's `level`% interval in the target year, e.g. '1.02–1.45%'."""
    fc = a.forecast
    if fc is None or a.target.year not in fc.years:
        return DASH
    row, unit = fc.interval(level).loc[a.target.year], value_unit(a.target)
    return format_band(row["lower"], row["upper"], unit, point=fc.median.loc[a.target.year]) + i18n.unit_suffix(
        unit, lang
    )


def value_unit(target) -> str | None:
    """The unit of the target's indicator (a growth target's own unit is % a year)."""
    return catalogue.get(target.indicator).unit if target.indicator else target.unit


def view_text(as_of, lang: str) -> str:
    return i18n.t("as_of", lang, year=as_of) if as_of else i18n.t("latest", lang)


def _basis_text(a, lang: str, formulas: dict | None = None) -> str:
    """The basis in words; with `formulas`, a combination's weights and calibration go to a numbered footnote
    (formula text -> number) instead of the cell."""
    basis, method = a.basis, getattr(a.basis, "params", {}).get("method")
    if formulas is not None and getattr(method, "code", None) == "auto":
        mark = formulas.setdefault(render(method, lang), len(formulas) + 1)
        basis = Note(basis.code, **{**basis.params, "method": Note("auto_brief", mark=mark)})
    text = render(basis, lang) or DASH
    if a.weak_basis:
        why = ("；" if lang == "zh" else "; ").join(render(w, lang) for w in a.weak_basis)
        text = f"{WEAK} {i18n.t('weak_basis', lang, why=why)}{'；' if lang == 'zh' else '; '}{text}"
    return text


def _footnotes(frame: pd.DataFrame, lang: str) -> list[str]:
    cells = frame.astype(str).to_numpy().ravel()
    notes = [i18n.t("dash_note", lang)] if any(c == DASH or c.startswith(DASH) for c in cells) else []
    return notes + ([i18n.t("weak_note", lang)] if any(WEAK in c for c in cells) else [])


def scorecard_table(assessments, lang: str, columns=None) -> pd.DataFrame:
    """One row per assessment, every cell text in `lang` (headers too); footnotes in attrs['footnotes'].
    `columns`: the keys to keep (target_id, clause, text, rule, as_of, status, probability, band, last, outcome, gap,
    required_growth, observed_growth_5y, eurostat_band, un_band, basis, notes), in that order."""
    rows, formulas = [], {}
    for a in assessments:
        t, p = a.target, a.progress
        rows.append(
            {
                "target_id": t.id,
                "clause": t.clause,
                "text": t.text(lang),
                "rule": i18n.rule_text(t, lang),
                "as_of": view_text(a.as_of, lang),
                "status": status_label(a.status, lang),
                "probability": probability_text(a, lang),
                "band": band_text(a, lang),
                "last": DASH
                if p.last_year is None
                else f"{_number(p.last_value, value_unit(t), lang)} ({p.last_year})",
                "outcome": _outcome(a, lang),
                "gap": gap_to_target(a, lang),
                "required_growth": _percent(p.required_growth),
                "observed_growth_5y": _percent(p.observed_growth_5y),
                "eurostat_band": i18n.band_label(p.eurostat_band, lang) or DASH,
                "un_band": i18n.band_label(p.un_band, lang) or DASH,
                "basis": _basis_text(a, lang, formulas),
                "notes": ("；" if lang == "zh" else "; ").join(render(n, lang) for n in a.notes) or DASH,
            }
        )
    frame = pd.DataFrame(rows)
    frame = frame[list(columns)] if columns else frame
    shown = formulas if "basis" in frame.columns else {}
    frame.attrs["footnotes"] = _footnotes(frame, lang) + [
        i18n.t("formula_note", lang, mark=n, formula=f) for f, n in shown.items()
    ]
    return headers(frame, lang)


def status_summary(assessments, lang: str) -> str:
    """Markdown bullets, one per assessment: target, status, P, required vs observed growth, basis."""
    lines, formulas = [], {}
    for a in assessments:
        p, sep = a.progress, "；" if lang == "zh" else "; "
        growth = sep.join(
            [
                i18n.t("required", lang, value=_percent(p.required_growth)),
                i18n.t("observed_5y", lang, value=_percent(p.observed_growth_5y)),
                i18n.t("observed_all", lang, value=_percent(p.observed_growth_all)),
            ]
        )
        call = status_label(a.status, lang) + (
            "" if a.status in ("met", "missed") or a.probability is None else f", P = {probability_text(a, lang)}"
        )
        lines.append(
            f"- **{a.target.text(lang)}** — {call}{sep}{growth}{sep}"
            + i18n.t("basis_is", lang, basis=_basis_text(a, lang, formulas))
        )
    notes = [i18n.t("formula_note", lang, mark=n, formula=f) for f, n in formulas.items()]
    return "\n".join(lines) + ("\n\n" + "  \n".join(notes) if notes else "")


def footnote_text(frame: pd.DataFrame) -> str:
    """A display table's footnotes as Markdown lines (empty when it has none)."""
    return "  \n".join(frame.attrs.get("footnotes", []))


STATUS_ORDER = ("met", "on track", "at risk", "missed", "off track", "no data", "milestone")


def index_scorecard(before, after, lang: str) -> pd.DataFrame:
    """The compact scorecard (`qy assess`, a run's index page and scorecard.md): per target, what was asked, the
    call as of `before`'s year (status, probability, 80% band) and its Eurostat progress band, the outcome with the
    latest data, met/missed (or the latest status) and the gap. `before` and `after` are assessments of the same
    targets (ex-ante and latest). Decided and forecast targets come first, then those without data, then milestones
    (STATUS_ORDER); attrs['status'] holds each row's latest status code (traffic lights), attrs['status_column']
    the header of the column it belongs to."""
    latest = {a.target_id: a for a in after}
    pairs = sorted(((a, latest[a.target_id]) for a in before), key=lambda pair: STATUS_ORDER.index(pair[1].status))
    rows = []
    for a, b in pairs:
        call = status_label(a.status, lang)
        if a.probability is not None and a.status not in ("met", "missed"):
            call += f" · P={probability_text(a, lang)}" + (
                "" if band_text(a, lang) == DASH else f" · {band_text(a, lang)}"
            )
        outcome = _outcome(b, lang)
        rows.append(
            {
                "text": a.target.text(lang),
                "rule": i18n.rule_text(a.target, lang),
                "call": call,
                "eurostat_band": i18n.band_label(a.progress.eurostat_band, lang) or DASH,
                "outcome": outcome if b.outcome is None else f"{outcome} ({b.target.year})",
                "result": status_label(b.status, lang),
                "gap": gap_to_target(b, lang),
            }
        )
    frame = pd.DataFrame(rows)
    frame.attrs["footnotes"] = _footnotes(frame, lang)
    out = headers(frame, lang)
    as_of = next((a.as_of for a in before), None)
    in_view = {
        key: i18n.t("in_view", lang, what=i18n.column_label(key, lang), view=view_text(year, lang))
        for key, year in (("call", as_of), ("eurostat_band", as_of), ("result", None))
    }
    out = out.rename(columns={i18n.column_label(key, lang): header for key, header in in_view.items()})
    out.attrs.update(
        status=[b.status for _, b in pairs], status_column=in_view["result"], target_ids=[b.target_id for _, b in pairs]
    )
    return out


def peer_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A `peers.standing` table for people: indicator names, ranks as 'rank / of', yes/no, headers in `lang`."""

    def rank(value, of):
        return DASH if pd.isna(value) else f"{value:.0f} / {of:.0f}"

    frame = pd.DataFrame(
        {
            "name": [i18n.indicator_label(i, lang, with_unit=False) for i in table["indicator"]],
            "year": table["year"].astype(str),
            "province_rank": [rank(r.province_rank, r.cities) for r in table.itertuples()],
            "group_rank": [rank(r.group_rank, r.group_size) for r in table.itertuples()],
            "leads_group": [DASH if v is None else i18n.yes_no(v, lang) for v in table["leads_group"]],
            "upper_half_province": [DASH if v is None else i18n.yes_no(v, lang) for v in table["upper_half_province"]],
        }
    )
    frame.attrs["footnotes"] = _footnotes(frame, lang)
    return headers(frame, lang)


def peer_values_table(values: pd.DataFrame, region: str, lang: str) -> pd.DataFrame:
    """A `peers.peer_values` table for people: per indicator, the year, the region's value and rank, and every
    other city of the group with its value in rank order ('1. 韶关 1.98%')."""
    rows = []
    for indicator, group in values.groupby("indicator", sort=False):
        unit = catalogue.get(indicator).unit
        own = group[group["region_code"] == region]
        others = group[group["region_code"] != region]
        rows.append(
            {
                "name": i18n.indicator_label(indicator, lang),
                "year": str(int(group["year"].iloc[0])),
                "value": DASH if own.empty else format_number(own["value"].iloc[0], unit),
                "group_rank": DASH if own.empty else f"{own['rank'].iloc[0]} / {own['n'].iloc[0]}",
                "peers": ("；" if lang == "zh" else "; ").join(
                    f"{r.rank}. {i18n.region_short(r.region_code, lang)} {format_number(r.value, unit)}"
                    for r in others.itertuples()
                ),
            }
        )
    frame = pd.DataFrame(rows, columns=["name", "year", "value", "group_rank", "peers"])
    frame.attrs["footnotes"] = _footnotes(frame, lang)
    return headers(frame, lang)


def peer_summary(table: pd.DataFrame, region: str, group: str, year, lang: str) -> str:
    """The verdict of a `peers.standing` table in one or three sentences, judged in `year`."""
    from ..targets.peers import verdict

    v, names = (
        verdict(table),
        lambda ids: (
            "、".join(i18n.indicator_label(i, lang, False) for i in ids)
            if lang == "zh"
            else ", ".join(i18n.indicator_label(i, lang, False) for i in ids)
        ),
    )
    group_name = i18n.group_label(group, lang)
    when = i18n.t("in_year", lang, year=year) if year else i18n.t("latest_ranked", lang)
    text = [
        i18n.t(
            "peer_verdict",
            lang,
            when=when,
            When=when[:1].upper() + when[1:],
            region=i18n.region_label(region, lang),
            n=v["indicators"],
            ranked=v["ranked"],
            group=group_name,
            leads=v["leads"],
            upper=v["upper_half"],
        )
    ]
    if v["trailing"]:
        text.append(i18n.t("peer_trailing", lang, when=when, group=group_name, names=names(v["trailing"])))
    unranked = [r.indicator for r in table.itertuples() if r.leads_group is None]
    if unranked:
        text.append(i18n.t("peer_unranked", lang, when=when, names=names(unranked)))
    return " ".join(text)
