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


def print_table(frame: pd.DataFrame, fmt: str) -> None:
    if fmt == "csv":
        write_csv(frame, sys.stdout, float_format=None)
    elif fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    elif fmt == "md":
        sys.stdout.write(frame.to_markdown(index=False) + "\n")
    else:
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                               "display.max_colwidth", 60):
            print(frame.to_string(index=False))


def cmd_read(args) -> int:
    from .ingest.readers import read
    from .ingest.report import read_summary

    records = read(input_file(args.file, "file"), indicator=args.indicator, strict=args.strict)
    columns = ["region", "region_code", "year", "indicator", "indicator_id", "value", "unit", "scope", "row", "column",
               "repair"]
    print_table(records[columns] if args.format != "csv" else records, args.format)
    print(read_summary(records), file=sys.stderr)
    return 0


def cmd_add(args) -> int:
    from .ingest.register import add_source

    add_source(input_file(args.file, "file"), Path(args.raw) if args.raw else project_root() / "data" / "raw", indicator=args.indicator, source_url=args.source_url, vintage=args.vintage,
               title=args.title, publisher=args.publisher, reliability=args.reliability, echo=print)
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
    from .targets.assessment import assess, plan_review, scorecard
    from .reference.regions import region_code
    from .reporting.tables import footnote_text, index_scorecard, scorecard_table, with_text
    from .targets.spec import load_plan

    plan = load_plan(input_file(args.targets, "--targets"))
    panel = load_panel(input_file(args.panel, "--panel"))
    region = region_code(args.region) if args.region else None
    if args.as_of is not None and not int(panel["year"].min()) < args.as_of <= int(panel["year"].max()):
        raise DataError(f"--as-of {args.as_of}: expected a year after the panel's first ({int(panel['year'].min())}) "
                        f"and up to its last ({int(panel['year'].max())}): {args.panel}")
    options = dict(method=args.method, n_paths=args.n_paths, seed=args.seed, region=region,
                   calibration=load_calibration())
    both = args.as_of is None and not args.latest_only
    if args.format in ("csv", "json"):
        table = plan_review(plan.targets, panel, base_year=plan.base_year, **options) if both else \
            scorecard(plan.targets, panel, as_of=args.as_of, **options)
        print_table(with_text(table, plan.targets, args.lang).round(4), args.format)
        return 0
    views = [assess(t, panel, as_of=plan.base_year if both else args.as_of, **options) for t in plan.targets.values()]
    if both:
        table = index_scorecard(views, [assess(t, panel, **options) for t in plan.targets.values()], args.lang)
    else:
        table = scorecard_table(views, args.lang, columns=["target_id", "text", "rule", "status", "probability", "band",
                                                           "last", "outcome", "gap"])
    print_table(table, args.format)
    print(footnote_text(table).replace("  \n", "\n"))
    return 0


def cmd_backtest(args) -> int:
    from .evaluation.backtest import fit_calibration, run_backtest, summarise
    from .forecasting.calibration import load_calibration, panel_hash
    from .cleaning.panel import load_panel

    panel_path = input_file(args.panel, "--panel")
    panel = load_panel(panel_path)
    methods = args.methods
    indicators = args.indicators.split(",") if args.indicators else None
    progress = (lambda i, n, label: print(f"\r[{i + 1}/{n}] {label:<60}", end="", file=sys.stderr, flush=True))
    out = project_root() / args.out  # an absolute --out stays as given
    if args.calibrate and args.if_stale and load_calibration(out).panel_sha256 == panel_hash(panel_path):
        print(f"{out}: up to date (fitted on this panel)", file=sys.stderr)
        return 0
    if args.calibrate:
        table = fit_calibration(panel, panel_path, out, min_years=args.min_years,
                                indicators=indicators, progress=progress, n_paths=args.n_paths)
        print(f"\nwrote {out}: spread by year " + ", ".join(f"{y}: {c.spread}" for y, c in table.items()),
              file=sys.stderr)
        return 0
    cases = run_backtest(panel, methods=methods, min_years=args.min_years, indicators=indicators,
                         progress=progress, n_paths=args.n_paths, calibration=load_calibration(out))
    print(file=sys.stderr)
    print_table(summarise(cases).round(3).reset_index(), args.format)
    return 0


def cmd_questions(args) -> int:
    from .cleaning.panel import load_panel
    from .forecasting.calibration import load_calibration
    from .evaluation.questions import band_coverage, brier_table, question_backtest

    qs = question_backtest(load_panel(input_file(args.panel, "--panel")), calibration=load_calibration(),
                           n_paths=args.n_paths, executor=args.executor,
                           scheduler=args.scheduler, indicators=args.indicators.split(",") if args.indicators else None)
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
            raise DataError(f"-p {item!r}: the value is not valid YAML; expected e.g. 2012, null, en or [a, b]") from None
    config = input_file(args.config, "--config") if args.config else DEFAULT_CONFIG
    return run(config, only=args.only, overrides=overrides, jobs=args.jobs,
               output=args.output, executor=args.executor, scheduler=args.scheduler, with_code=args.with_code,
               echo=lambda line: print(line, flush=True))


def cmd_scenario(args) -> int:
    from .cleaning.panel import load_panel
    from .reporting.tables import with_text
    from .targets.scenario_files import read_spec
    from .targets.scenarios import Scenario, evaluate, requirements
    from .targets.spec import load_plan

    plan = load_plan(input_file(args.targets, "--targets"))
    name = args.file or plan.default_scenario
    if name is None:
        raise DataError(f"scenario: no FILE given and the plan {plan.path} names no default_scenario; expected a file")
    spec = read_spec(input_file(name, "scenario"))
    panel = load_panel(input_file(args.panel, "--panel"))
    scenario = Scenario.from_dict(spec, panel, source=name, plan=plan)
    targets = plan.targets
    print(f"# scenario {name}: targets it touches")
    print_table(with_text(evaluate(scenario, targets, panel, n_paths=args.n_paths, seed=args.seed), targets,
                           args.lang).round(4), args.format)
    print("# what it takes: constant growth (% a year) that meets each target, the other assumptions unchanged")
    print_table(with_text(requirements(scenario, targets), targets, args.lang).round(3), args.format)
    return 0


def cmd_peers(args) -> int:
    from .cleaning.panel import load_panel
    from .reference.regions import region_code
    from .reporting.tables import peer_summary, peer_table
    from .targets.peers import standing
    from .targets.spec import load_plan

    plan = load_plan(input_file(args.targets, "--targets"))
    panel = load_panel(input_file(args.panel, "--panel"))
    region = region_code(args.region) if args.region else plan.region
    group = args.group or plan.peer_group
    year = None if args.year == "latest" else int(args.year or plan.target_year)
    table = standing(panel, region, args.indicators.split(","), group, year)
    print_table(peer_table(table, args.lang), args.format)
    print(peer_summary(table, region, group, year, args.lang), file=sys.stderr if args.format != "table" else sys.stdout)
    return 0
