"""The offline scenario explorer of a run (reports/<run>/explorer.html): the headline target's outcomes over a grid of
its drivers' growth, precomputed (`Replay.grid`, evaluate's own draws) and embedded as JSON, with a few dozen
lines of inline script that look a slider's value up in the grid and draw the fan chart as SVG. No kernel, no
network; a value off the grid is refused, never extrapolated."""

from __future__ import annotations

import html
import json
from dataclasses import replace

import numpy as np

from ..reference import labels
from ..targets.assessment import STATUS_BANDS
from ..targets.scenario_replay import STEP, Replay
from .explorer_text import COLOURS, percent, range_note, template, text

FILE = "explorer.html"


def page_data(replay: Replay, lang: str, step: float = STEP) -> dict:
    """What the page embeds: the headline target, its drivers' axes (the sliders' plausible ranges and the
    plan's figure, every `step` pp), and per grid cell the count of paths meeting it, the path's value and fan."""
    tid = replay.plan.headline_target
    target, setting, bounds = replay.targets[tid], replay.default(), replay.bounds(step)
    names = {ind: labels.indicator_label(ind, lang, with_unit=False) for ind in replay.drivers}
    axes = {
        ind: np.round(np.arange(bounds[ind]["min"], bounds[ind]["max"] + step / 2, step), 6)
        for ind in replay.drivers_of(tid)
    }
    grid = replay.grid(tid, axes, setting)
    fixed = [f"{names[ind]} {setting.growth[ind]:g}%" for ind in replay.drivers if ind not in axes]
    fixed.append(f"{text('spread', lang)} {setting.spread:g}")
    needs = _takes(replay, tid, axes, setting)
    history = replay.observed[tid]
    required = target.rule.required_path(grid["years"]).dropna()
    return {
        "lang": lang,
        "paths": replay.n_paths,
        "step": step,
        "title": text("title", lang, target=target.text(lang)),
        "note": text(
            "precomputed",
            lang,
            axes=" × ".join(names[ind] for ind in axes),
            step=step,
            n=int(np.prod([len(v) for v in axes.values()])),
            paths=replay.n_paths,
            fixed="; ".join(fixed),
        ),
        "as_of": replay.as_of,
        "years": grid["years"],
        "start": list(replay.scenario.start(target.indicator)),
        "level": target.rule.target_level,
        "history": [[int(y), float(v)] for y, v in history.items()],
        "required": [[int(y), float(v)] for y, v in required.items()],
        "axes": [
            {
                "id": ind,
                "label": labels.t("growth_of", lang, indicator=names[ind]),
                "start": float(v[0]),
                "n": len(v),
                "plan": bounds[ind]["plan"],
                "range": range_note(bounds[ind]["plausible"], lang),
                "plan_text": text("plan_mark", lang, value=bounds[ind]["plan"]),
                "takes": template(f"takes_{needs[ind][0]}", lang, indicator=names[ind]),
                "outside": _outside(bounds[ind]["plausible"], lang),
            }
            for ind, v in axes.items()
        ],
        "takes": [[round(float(x), 4) for x in needs[ind][1]] for ind in axes],
        "count": np.rint(grid["probability"] * replay.n_paths).astype(int).ravel().tolist(),
        "value": [float(f"{x:.6g}") for x in grid["value"].ravel()],
        "fan": [float(f"{x:.5g}") for x in grid["fan"].ravel()],
        "bands": [[name, bound, labels.status_label(name, lang)] for name, bound in STATUS_BANDS],
        "text": {
            "refused": text("refused", lang, value="{value}", low="{low}", high="{high}", step=step),
            "rest": text("takes_rest", lang),
            "median": text("median", lang),
            "band": text("band", lang),
            "history": labels.t("history", lang),
            "required": text("required", lang),
            "probability": text("probability", lang, p=""),
        },
        "default": percent(float(replay.outcomes(setting).set_index("target_id").loc[tid, "probability"])),
    }


def _outside(found: dict | None, lang: str) -> list | None:
    """[low, high, the warning with the value left as `{v}`] when comparable regions bound the slider."""
    if found is None:
        return None
    return [found["low"], found["high"], template("outside", lang, low=found["low"], high=found["high"])]


def _takes(replay: Replay, tid: str, axes: dict, setting) -> dict:
    """Per axis: its bound ('at least' / 'at most') and the growth it takes for each value of the other axis
    (closed form, `requirements`), or one value when the target has a single driver."""
    out, bounds = {}, replay.requirements(setting, tid).set_index("indicator")["bound"]
    for ind in axes:
        others = [o for o in axes if o != ind]
        values = axes[others[0]] if others else [None]
        bound = bounds.loc[ind]
        needed = [
            replay.needed(
                replace(setting, growth={**setting.growth, **({others[0]: float(v)} if others else {})}), tid, ind
            )
            for v in values
        ]
        out[ind] = (bound, needed)
    return out


SCRIPT = r"""
const G = JSON.parse(document.getElementById("grid").textContent), $ = id => document.getElementById(id);
const Y = G.years.length, last = (a) => +(a.start + (a.n - 1) * G.step).toFixed(6);
function show(values) {
  let flat = 0, idx = [];
  for (let k = 0; k < G.axes.length; k++) {
    const a = G.axes[k], i = Math.round((values[k] - a.start) / G.step);
    if (!Number.isFinite(values[k]) || i < 0 || i >= a.n || Math.abs(a.start + i * G.step - values[k]) > 1e-6) {
      $("refused").textContent = G.text.refused.replace("{value}", values[k]).replace("{low}", a.start).replace("{high}", last(a));
      return false;
    }
    idx.push(i); flat = flat * a.n + i;
  }
  const p = G.count[flat] / G.paths;
  $("refused").textContent = "";
  $("probability").textContent = (100 * p).toFixed(2) + "%";
  $("probability").dataset.count = G.count[flat];
  $("status").textContent = G.bands.find(b => p >= b[1])[2];
  G.axes.forEach((a, k) => { $("outside-" + a.id).textContent = a.outside && (values[k] < a.outside[0] || values[k] > a.outside[1]) ? a.outside[2].replace("{v}", values[k]) : ""; });
  $("takes").textContent = G.axes.map((a, k) => a.takes.replace("{v}", G.takes[k][idx.length > 1 ? idx[1 - k] : 0].toFixed(1))).join("; ") + G.text.rest;
  draw(G.fan.slice(flat * 3 * Y, (flat + 1) * 3 * Y));
  return true;
}
function draw(fan) {
  const W = 640, H = 300, L = 60, R = W - 20, T = 24, B = H - 30, q = k => [G.start, ...G.years.map((y, j) => [y, fan[k * Y + j]])];
  const pts = [...G.history, ...q(0), ...q(2), ...G.required, ...(G.level === null ? [] : [[G.years[0], G.level]])];
  const xs = pts.map(p => p[0]), vs = pts.map(p => p[1]), x0 = Math.min(...xs), x1 = Math.max(...xs);
  let lo = Math.min(...vs), hi = Math.max(...vs); const pad = hi > lo ? 0.05 * (hi - lo) : 1; lo -= pad; hi += pad;
  const x = v => L + (v - x0) / Math.max(1, x1 - x0) * (R - L), y = v => B - (v - lo) / (hi - lo) * (B - T);
  const line = ps => ps.map(p => x(p[0]).toFixed(1) + "," + y(p[1]).toFixed(1)).join(" ");
  const c = G.colours, s = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-size="11" font-family="sans-serif"><rect width="${W}" height="${H}" fill="white"/>`];
  s.push(`<polygon points="${line([...q(0), ...q(2).reverse()])}" fill="${c.band}" opacity="0.6"/>`);
  s.push(`<polyline points="${line(q(1))}" fill="none" stroke="${c.median}" stroke-width="2"/>`);
  s.push(`<polyline points="${line(G.history)}" fill="none" stroke="${c.history}" stroke-width="2"/>`);
  if (G.required.length) s.push(`<polyline points="${line(G.required)}" fill="none" stroke="${c.target}" stroke-dasharray="5,4" stroke-width="1.5"/>`);
  if (G.level !== null) s.push(`<line x1="${L}" x2="${R}" y1="${y(G.level).toFixed(1)}" y2="${y(G.level).toFixed(1)}" stroke="${c.target}"/>`);
  for (let v = x0; v <= x1; v += Math.max(1, Math.floor((x1 - x0 + 1) / 8))) s.push(`<text x="${x(v).toFixed(1)}" y="${H - 12}" text-anchor="middle">${v}</text>`);
  const raw = (hi - lo) / 5, mag = 10 ** Math.floor(Math.log10(raw)), step = [1, 2, 5, 10].map(m => m * mag).find(t => t >= raw);
  const places = Math.max(0, -Math.floor(Math.log10(step)));  // round ticks (0.5, 1.0, 1.5 …), not 0.899
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) s.push(`<line x1="${L}" x2="${R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eee"/><text x="${L - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toLocaleString("en-US", {minimumFractionDigits: places, maximumFractionDigits: places})}</text>`);
  [["history", "history"], ["median", "median"], ["band", "band"], ["required", "target"]].forEach(([k, col], i) =>
    s.push(`<text x="${L + 10 + i * 140}" y="14" fill="${c[col]}">■ ${G.text[k]}</text>`));
  $("chart").innerHTML = s.join("") + "</svg>";
}
const current = () => G.axes.map(a => +$("slider-" + a.id).value);
G.axes.forEach(a => {
  $("slider-" + a.id).addEventListener("input", e => { $("typed-" + a.id).value = e.target.value; show(current()); });
  $("typed-" + a.id).addEventListener("input", e => {
    const values = G.axes.map(b => b.id === a.id ? parseFloat(e.target.value) : +$("slider-" + b.id).value);
    if (show(values)) $("slider-" + a.id).value = e.target.value;
  });
});
show(current());
"""

STYLE = """body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:60em;
padding:0 1em;color:#222}label{display:inline-block;min-width:22em}input[type=range]{width:22em;vertical-align:middle}
input[type=number]{width:5em}.note{color:#555;font-size:.9em}.bad{color:#c62828}#result{font-size:1.3em}"""


def explorer_html(data: dict) -> str:
    """The page: sliders (bounded by the grid, the plan's figure marked), the result, the chart, the data."""
    e, lang = html.escape, data["lang"]
    rows = []
    for a in data["axes"]:
        stop = round(a["start"] + (a["n"] - 1) * data["step"], 6)
        rows.append(
            f'<p><label for="slider-{a["id"]}">{e(a["label"])}</label> '
            f'<input type="range" id="slider-{a["id"]}" min="{a["start"]:g}" max="{stop:g}" step="{data["step"]:g}" '
            f'value="{a["plan"]:g}" list="plan-{a["id"]}"><datalist id="plan-{a["id"]}"><option value="{a["plan"]:g}" '
            f'label="{e(a["plan_text"])}"></option></datalist> <input type="number" id="typed-{a["id"]}" '
            f'step="{data["step"]:g}" value="{a["plan"]:g}"><br><span class="note">▲ {e(a["plan_text"])}; '
            f'{e(a["range"])}</span> <b id="outside-{a["id"]}" class="bad"></b></p>'
        )
    payload = json.dumps({**data, "colours": COLOURS}, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8"><meta name="viewport" '
        f'content="width=device-width, initial-scale=1"><title>{e(data["title"])}</title><style>{STYLE}</style>'
        f'</head>\n<body>\n<h1>{e(data["title"])}</h1>\n<p class="note">{e(data["note"])}</p>\n'
        + "\n".join(rows)
        + f'\n<p id="result">{e(data["text"]["probability"])}<b id="probability">{e(data["default"])}</b> · '
        f'<span id="status"></span></p>\n<p id="refused" class="bad"></p>\n<p id="takes"></p>\n<div id="chart"></div>\n'
        f'<script type="application/json" id="grid">{payload}</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n'
    )


def build(plan, panel, lang: str) -> str:
    """explorer.html for a plan's default scenario as of its base year (empty when the plan names none)."""
    if not plan.default_scenario or plan.headline_target is None:
        return ""
    return explorer_html(page_data(Replay(plan, panel, plan.base_year), lang))
