"""What each `qy` subcommand does (cli.py builds the parser and handles errors). Each command reads its
inputs (found in the working folder, else in the project folder), calls the library and prints a table in the
format asked: csv and json for machines (language-neutral codes), table and md for people (in --lang)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import yaml

from .errors import DataError
from .io import write_csv
from .paths import project_root


def input_file(text: str | Path, what: str) -> Path:
    """An input path as given, or, when relative and absent from the working folder, the project's own;
    DataError naming the path when neither exists (so `qy` works from any folder)."""
    path = Path(text)
    if path.exists():
        return path
    if not path.is_absolute() and (project_root() / path).exists():
        return project_root() / path
    where = "" if path.is_absolute() else f" in {Path.cwd()} or in the project folder {project_root()}"
    raise DataError(f"{what} {text}: no such file{where}; expected an existing file")


def indicator_list(text: str | None) -> list[str] | None:
    """--indicators as catalogue ids: each an id or any name the readers accept (科技支出)."""
    from .reporting.notebook import check_params

    return check_params(indicators=text.split(","))["indicators"] if text else None


def print_table(frame: pd.DataFrame, fmt: str) -> None:
    if fmt == "csv":
        write_csv(frame, sys.stdout, float_format=None)
    elif fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    elif fmt == "md":
        sys.stdout.write(frame.to_markdown(index=False) + "\n")
    else:
        with pd.option_context(
            "display.max_rows", None, "display.max_columns", None, "display.width", 200, "display.max_colwidth", 60
        ):
            print(frame.to_string(index=False))


def cmd_read(args) -> int:
    from .ingest.readers import read, read_parts
    from .ingest.report import ReadSummary, read_summary

    path = input_file(args.file, "file")
    if args.format == "csv":  # written a part at a time: a large export is never held whole
        summary = ReadSummary()
        for n, part in enumerate(read_parts(path, indicator=args.indicator, strict=args.strict)):
            write_csv(part, sys.stdout, float_format=None, header=n == 0)
            summary.add(part)
        print(summary.text(), file=sys.stderr)
        return 0
    records = read(path, indicator=args.indicator, strict=args.strict)
    columns = [
        "region",
        "region_code",
        "year",
        "indicator",
        "indicator_id",
        "value",
        "unit",
        "scope",
        "row",
        "column",
        "repair",
    ]
    print_table(records[columns], args.format)
    print(read_summary(records), file=sys.stderr)
    return 0


def cmd_add(args) -> int:
    from .ingest.register import add_source

    add_source(
        input_file(args.file, "file"),
        Path(args.raw) if args.raw else project_root() / "data" / "raw",
        indicator=args.indicator,
        source_url=args.source_url,
        vintage=args.vintage,
        title=args.title,
        publisher=args.publisher,
        reliability=args.reliability,
        echo=print,
    )
    return 0


def cmd_clean(args) -> int:
    from .cleaning.pipeline import OUTPUTS, clean

    out = Path(args.out) if args.out else project_root() / "data" / "processed"
    result = clean(input_file(args.raw or project_root() / "data" / "raw", "--raw"), out, strict=args.strict)
    print(result.summary())
    print(f"wrote {', '.join(str(out / name) for name in OUTPUTS)}")
    return 0


def cmd_assess(args) -> int:
    """csv and json: the language-neutral table (codes, numbers); table and md: for people, in `--lang`."""
    from .cleaning.panel import load_panel
    from .forecasting.calibration import load_calibration
    from .reference.regions import region_code
    from .reporting.tables import footnote_text, index_scorecard, scorecard_table
    from .targets.assessment import assess, scorecard_rows
    from .targets.spec import load_plan

    plan = load_plan(input_file(args.targets, "--targets") if args.targets else None)
    panel = load_panel(input_file(args.panel, "--panel"))
    region = region_code(args.region) if args.region else None
    if args.as_of is not None and not int(panel["year"].min()) < args.as_of <= int(panel["year"].max()):
        raise DataError(
            f"--as-of {args.as_of}: expected a year after the panel's first ({int(panel['year'].min())}) "
            f"and up to its last ({int(panel['year'].max())}): {args.panel}"
        )
    options = dict(
        method=args.method, n_paths=args.n_paths, seed=args.seed, region=region, calibration=load_calibration()
    )
    both = args.as_of is None and not args.latest_only
    views = [assess(t, panel, as_of=plan.base_year if both else args.as_of, **options) for t in plan.targets.values()]
    latest = views if args.latest_only else [assess(t, panel, **options) for t in plan.targets.values()]
    if args.format in ("csv", "json"):  # one schema with the run's scorecard.csv: codes and numbers, no language
        print_table(scorecard_rows(None if args.latest_only else views, latest).round(4), args.format)
        return 0
    if both:
        table = index_scorecard(views, latest, args.lang)
    else:
        table = scorecard_table(
            views, args.lang, columns=["text", "rule", "status", "probability", "band", "last", "outcome", "gap"]
        )
    print_table(table, args.format)
    print(footnote_text(table).replace("  \n", "\n"))
    return 0


class ProgressBar:
    """progress(i, n, label) as a bar on stderr: tqdm on a terminal; in a log file (cron), one short line per
    tenth of the work instead of a carriage-return line that grows with every step."""

    def __init__(self, what: str):
        self.what, self.bar, self.shown = what, None, -1

    def __call__(self, i: int, n: int, label: str) -> None:
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = self.bar or tqdm(total=n, desc=self.what, unit="series", file=sys.stderr, leave=False)
            self.bar.set_postfix_str(label, refresh=False)
            self.bar.update(1)
        elif (i + 1) * 10 // n > self.shown:
            self.shown = (i + 1) * 10 // n
            print(f"{self.what}: {i + 1}/{n} series ({label})", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def cmd_backtest(args) -> int:
    from .cleaning.panel import load_panel
    from .evaluation.backtest import calibration_inputs, fit_calibration, run_backtest, summarise
    from .evaluation.calibration import refresh_panel_hash
    from .forecasting.calibration import load_calibration, panel_hash

    panel_path = input_file(args.panel, "--panel")
    panel = load_panel(panel_path)
    methods = args.methods
    indicators = indicator_list(args.indicators)
    out = project_root() / args.out  # an absolute --out stays as given
    if args.calibrate and args.if_stale:
        if load_calibration(out).panel_sha256 == panel_hash(panel_path):
            print(f"{out}: up to date (fitted on this panel)", file=sys.stderr)
            return 0
        inputs = calibration_inputs(panel, args.min_years, indicators, n_paths=args.n_paths)
        if refresh_panel_hash(out, panel_path, inputs):
            print(
                f"{out}: up to date (the panel changed, not the series the calibration is fitted on: "
                "its panel hash updated, not refitted)",
                file=sys.stderr,
            )
            return 0
    progress = ProgressBar("calibration backtest" if args.calibrate else "backtest")
    if args.calibrate:
        table = fit_calibration(
            panel,
            panel_path,
            out,
            min_years=args.min_years,
            indicators=indicators,
            progress=progress,
            n_paths=args.n_paths,
        )
        progress.close()
        print(
            f"wrote {out}: spread by year " + ", ".join(f"{y}: {c.spread}" for y, c in table.items()), file=sys.stderr
        )
        return 0
    cases = run_backtest(
        panel,
        methods=methods,
        min_years=args.min_years,
        indicators=indicators,
        progress=progress,
        n_paths=args.n_paths,
        calibration=load_calibration(out),
    )
    progress.close()
    print_table(summarise(cases).round(3).reset_index(), args.format)
    return 0


def cmd_questions(args) -> int:
    from .cleaning.panel import load_panel
    from .evaluation.questions import band_coverage, brier_table, era_table, question_backtest
    from .forecasting.calibration import load_calibration

    qs = question_backtest(
        load_panel(input_file(args.panel, "--panel")),
        calibration=load_calibration(),
        n_paths=args.n_paths,
        executor=args.executor,
        scheduler=args.scheduler,
        indicators=indicator_list(args.indicators),
    )
    if args.report_from is None:  # by era, the worse first (the headline)
        print_table(era_table(qs).round(4).reset_index(), args.format)
        return 0
    print_table(brier_table(qs, report_from=args.report_from).round(4).reset_index(), args.format)
    print(f"80% band coverage: {band_coverage(qs, args.report_from):.3f}", file=sys.stderr)
    return 0


def cmd_run(args) -> int:
    from .publish.runner import DEFAULT_CONFIG, run

    overrides = {}
    for item in args.param or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise DataError(f"-p {item!r}: expected name=value")
        try:
            overrides[name] = yaml.safe_load(value)
        except yaml.YAMLError:
            raise DataError(
                f"-p {item!r}: the value is not valid YAML; expected e.g. 2012, null, en or [a, b]"
            ) from None
    config = input_file(args.config, "--config") if args.config else DEFAULT_CONFIG
    return run(
        config,
        only=args.only,
        overrides=overrides,
        jobs=args.jobs,
        output=args.output,
        executor=args.executor,
        scheduler=args.scheduler,
        with_code=args.with_code,
        keep=args.keep,
        echo=lambda line: print(line, flush=True),
    )


def cmd_scenario(args) -> int:
    from .cleaning.panel import load_panel
    from .reference.labels import t
    from .reporting.tables import scenario_table
    from .targets.scenario_files import read_spec
    from .targets.scenarios import Scenario, evaluate, requirements
    from .targets.spec import load_plan

    plan = load_plan(input_file(args.targets, "--targets") if args.targets else None)
    name = args.file or plan.default_scenario
    if name is None:
        raise DataError(f"scenario: no FILE given and the plan {plan.path} names no default_scenario; expected a file")
    spec = read_spec(input_file(name, "scenario"))
    panel = load_panel(input_file(args.panel, "--panel"))
    scenario = Scenario.from_dict(spec, panel, source=name, plan=plan)
    targets = plan.targets
    tables = (evaluate(scenario, targets, panel, n_paths=args.n_paths, seed=args.seed), requirements(scenario, targets))
    for heading, table in zip(("scenario_head", "scenario_takes"), tables):
        print(t(heading, args.lang, name=name))  # csv/json: codes and numbers; table/md: words in --lang
        print_table(
            table.round(4) if args.format in ("csv", "json") else scenario_table(table, targets, args.lang), args.format
        )
    return 0


def cmd_peers(args) -> int:
    from .cleaning.panel import load_panel
    from .reference.regions import region_code
    from .reporting.tables import peer_summary, peer_table, peer_values_table
    from .targets.peers import peer_values, peers
    from .targets.spec import load_plan

    plan = load_plan(input_file(args.targets, "--targets") if args.targets else None)  # None: the project's plan
    panel = load_panel(input_file(args.panel, "--panel"))
    indicators = indicator_list(args.indicators)
    table = peers(args.region, args.group, args.year, indicators, panel, plan)
    region = region_code(args.region) if args.region else plan.region
    group = args.group or plan.peer_group
    year = None if args.year == "latest" else int(args.year or plan.target_year)
    values = peer_values(panel, region, indicators, group, year)
    if args.format in ("csv", "json"):  # codes and numbers: region_code, indicator, year, value, rank, n
        print_table(values, args.format)
    else:
        print_table(peer_table(table, args.lang), args.format)
        print()
        print_table(peer_values_table(values, region, args.lang), args.format)
    print(
        peer_summary(table, region, group, year, args.lang), file=sys.stderr if args.format != "table" else sys.stdout
    )
    return 0
