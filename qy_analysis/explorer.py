"""The scenario explorer in Jupyter: a slider per assumption, the probability, what it takes, the fan chart and
every target's outcome redrawn on each move, in milliseconds (needs ipywidgets: `pip install -e ".[explore]"`).

    from qy_analysis import explore
    ex = explore(as_of=2012, lang="en")      # the plan's default scenario; shows itself in a notebook
    ex.sliders["st_expenditure"].value = 12  # or move it; ex.probability.value says the result
    ex.export("my_scenario.yaml")            # a scenario file `qy scenario` and notebook 04 read

Each (plan, as-of year) is simulated once (`targets.scenario_replay.Replay`: evaluate's own draws, recorded)
and re-scaled on a move, so the numbers are `evaluate`'s and `qy scenario`'s for the exported file. A slider
spans what comparable regions did (1st-99th percentile, data up to the as-of year) and the plan's figure; the
box beside it takes any finite value and the note says when it lies outside that range.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

import yaml

from .cleaning.panel import load_panel
from .errors import DataError
from .io import write_files_atomically
from .reference import labels
from .reporting.explorer_text import fan_svg, percent, range_note, text
from .targets.scenario_replay import Replay, Setting
from .targets.spec import load_plan


def explore(plan=None, as_of: int | None = None, lang: str = "zh", panel=None) -> Explorer:
    """The explorer for a plan (its file, or the project's plan) as of a year (the plan's base year by default)."""
    plan = load_plan(plan) if plan is None or isinstance(plan, (str, Path)) else plan
    return Explorer(plan, load_panel() if panel is None else panel, as_of or plan.base_year, labels.check_lang(lang))


class Explorer:
    """The widgets and what they show; `redraw` runs on every change."""

    def __init__(self, plan, panel, as_of: int, lang: str):
        import ipywidgets as w

        self.plan, self.panel, self.lang, self.replays, self._quiet = plan, panel, lang, {}, False
        replay = self.replay(as_of)
        self.bounds = replay.bounds()
        default = replay.default()
        label = lambda ind: labels.t("growth_of", lang, indicator=labels.indicator_label(ind, lang, with_unit=False))  # noqa: E731
        self.sliders, self.typed, self.notes = {}, {}, {}
        for ind in replay.drivers:
            b = self.bounds[ind]
            self.sliders[ind] = w.FloatSlider(
                value=default.growth[ind],
                min=b["min"],
                max=b["max"],
                step=0.1,
                description=label(ind),
                continuous_update=True,
                readout_format=".1f",
                style={"description_width": "16em"},
                layout=w.Layout(width="36em"),
            )
            self.typed[ind] = w.FloatText(value=default.growth[ind], layout=w.Layout(width="6em"))
            self.notes[ind] = w.HTML()
        self.spread = w.FloatSlider(
            value=default.spread,
            min=0,
            max=15,
            step=0.5,
            description=text("spread", lang),
            style={"description_width": "16em"},
            layout=w.Layout(width="36em"),
        )
        self.target = w.Dropdown(
            options=[(t.text(lang), tid) for tid, t in replay.targets.items()],
            value=plan.headline_target if plan.headline_target in replay.targets else next(iter(replay.targets)),
            description=text("target", lang),
            layout=w.Layout(width="60em"),
        )
        self.as_of = w.Dropdown(
            options=sorted({as_of, *range(plan.base_year, plan.target_year)}),
            value=as_of,
            description=text("as_of", lang),
        )
        self.probability, self.takes, self.chart, self.table, self.message = (w.HTML() for _ in range(5))
        self.reset_button, self.export_button = (
            w.Button(description=text("reset", lang)),
            w.Button(description=text("export", lang)),
        )
        self.export_path = w.Text(value="my_scenario.yaml", layout=w.Layout(width="24em"))
        self.reset_button.on_click(self.reset)
        self.export_button.on_click(self._export_clicked)
        for ind in replay.drivers:
            self.sliders[ind].observe(lambda change, ind=ind: self._moved(ind, change["new"]), names="value")
            self.typed[ind].observe(lambda change, ind=ind: self.set(ind, change["new"]), names="value")
        for control in (self.spread, self.target):
            control.observe(self.redraw, names="value")
        self.as_of.observe(self._rebound, names="value")
        rows = [w.HBox([self.sliders[i], self.typed[i], self.notes[i]]) for i in replay.drivers]
        self.widget = w.VBox(
            [
                self.target,
                self.as_of,
                *rows,
                self.spread,
                w.HBox([self.reset_button, self.export_button, self.export_path]),
                self.message,
                self.probability,
                self.takes,
                self.chart,
                self.table,
            ]
        )
        self.redraw()

    def replay(self, as_of: int) -> Replay:
        """The simulation of an as-of year, made on first use."""
        if as_of not in self.replays:
            self.replays[as_of] = Replay(self.plan, self.panel, as_of)
        return self.replays[as_of]

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def set(self, indicator: str, value: float) -> None:
        """Any finite growth: the slider widens to take it in (the note says when comparable regions never did)."""
        if not math.isfinite(value) or value <= -100:
            self.message.value = html.escape(f"{indicator}: {value}: expected a finite growth above -100% a year")
            return
        slider = self.sliders[indicator]
        slider.min, slider.max = min(slider.min, value), max(slider.max, value)
        slider.value = value

    def _rebound(self, _=None) -> None:
        """A new as-of year: the sliders span what comparable regions did up to it (and their current values)."""
        self.bounds = self.replay(self.as_of.value).bounds()
        self._quiet = True
        try:
            for ind, slider in self.sliders.items():
                low, high = min(self.bounds[ind]["min"], slider.value), max(self.bounds[ind]["max"], slider.value)
                slider.max, slider.min = high, low  # both hold the current value: neither clamps it
        finally:
            self._quiet = False
        self.redraw()

    def _moved(self, indicator: str, value: float) -> None:
        self.typed[indicator].value = value
        self.redraw()

    def setting(self) -> Setting:
        return Setting({ind: float(s.value) for ind, s in self.sliders.items()}, float(self.spread.value))

    def redraw(self, _=None) -> None:
        if self._quiet:
            return
        lang, replay, setting, tid = self.lang, self.replay(self.as_of.value), self.setting(), self.target.value
        outcomes = replay.outcomes(setting).set_index("target_id")
        row = outcomes.loc[tid]
        status = labels.status_label(row["status"], lang)
        p = row["probability"]
        self.probability.value = (
            f"<b>{text('probability', lang, p=percent(p))}</b> · {status}"
            if p is not None and p == p
            else text("deterministic", lang, verdict=text("meets" if row["meets"] else "misses", lang))
        )
        self.takes.value = self._takes(replay, setting, tid)
        for ind, note in self.notes.items():
            note.value = self._note(ind, setting.growth[ind])
        target = replay.targets[tid]
        fan = replay.fan(setting, tid)
        history = replay.observed[tid]
        required = target.rule.required_path(list(fan.index)).dropna()
        start_year, start = replay.scenario.start(target.indicator)
        self.chart.value = fan_svg(
            {int(y): float(v) for y, v in history.items()},
            {start_year: (start,) * 3, **{int(y): tuple(r) for y, r in zip(fan.index, fan.to_numpy())}},
            {int(y): float(v) for y, v in required.items()},
            target.rule.target_level,
            self._legend(),
        )
        self.table.value = self._table(replay, outcomes)

    def _legend(self) -> dict:
        return {
            "history": labels.t("history", self.lang),
            "median": text("median", self.lang),
            "band": text("band", self.lang),
            "required": text("required", self.lang),
        }

    def _note(self, ind: str, value: float) -> str:
        b = self.bounds[ind]
        found = b["plausible"]
        note = f"{text('plan_mark', self.lang, value=b['plan'])}; {range_note(found, self.lang)}"
        if found and not found["low"] <= value <= found["high"]:
            outside = text("outside", self.lang, value=value, low=found["low"], high=found["high"])
            note += f"<br><b>{html.escape(outside)}</b>"
        return f"<small>{note}</small>"

    def _takes(self, replay: Replay, setting: Setting, tid: str) -> str:
        needs = replay.requirements(setting, tid)
        if needs.empty:
            return text("no_level", self.lang)
        lines = [
            text(
                f"takes_{r.bound}",
                self.lang,
                value=r.needed_growth,
                indicator=labels.indicator_label(r.indicator, self.lang, with_unit=False),
            )
            for r in needs.itertuples()
        ]
        return "; ".join(lines) + text("takes_rest", self.lang)

    def _table(self, replay: Replay, outcomes) -> str:
        e, lang = html.escape, self.lang
        head = "".join(
            f"<th>{e(text(k, lang))}</th>" for k in ("col_target", "col_value", "col_probability", "col_status")
        )
        body = "".join(
            f"<tr><td>{e(replay.targets[tid].text(lang))}</td><td>{r.value_in_target_year:.4g}</td>"
            f"<td>{percent(r.probability)}</td><td>{e(labels.status_label(r.status, lang))}</td></tr>"
            for tid, r in outcomes.iterrows()
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def reset(self, _=None) -> None:
        """Back to the plan's scenario (every slider, the spread) with one redraw."""
        default = self.replay(self.as_of.value).default()
        self._quiet = True
        try:
            for ind, slider in self.sliders.items():
                slider.value = self.typed[ind].value = default.growth[ind]
            self.spread.value = default.spread
        finally:
            self._quiet = False
        self.redraw()

    def _export_clicked(self, _) -> None:
        try:
            self.export(self.export_path.value)
        except DataError as err:  # said beside the button, not as a traceback in the log
            self.message.value = html.escape(str(err))

    def export(self, path) -> Path:
        """Write the current assumptions as a scenario file (temp file, then rename) and say where."""
        replay, path = self.replay(self.as_of.value), Path(path)
        spec = self.setting().spec(replay.base)
        try:
            write_files_atomically({path: yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)})
        except OSError as err:
            raise DataError(f"{path}: cannot write the scenario ({err}); expected a writable file path") from None
        self.message.value = html.escape(text("exported", self.lang, path=path))
        return path
