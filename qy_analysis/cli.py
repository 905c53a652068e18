"""The `qy` command: read, clean, assess, backtest, run, scenario.

Every subcommand prints what it did; bad input gives a message naming file, row and field, and a
non-zero exit status (2 for bad input, 1 for a run that failed part-way).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd
import yaml

from .errors import DataError
from .reporting.notebook import ParameterError

EXIT_BAD_INPUT = 2


def _print_table(frame: pd.DataFrame, fmt: str) -> None:
    if fmt == "csv":
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
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

    records = read(args.file, indicator=args.indicator)
    columns = ["region", "region_code", "year", "indicator", "indicator_id", "value", "unit", "scope", "row", "column"]
    _print_table(records[columns] if args.format != "csv" else records, args.format)
    unknown = records[records["indicator_id"].isna()]["indicator"].unique()
    print(f"# {len(records)} records; {records['value'].isna().sum()} missing; "
          f"{len(unknown)} indicator names not in the catalogue", file=sys.stderr)
    return 0


def cmd_clean(args) -> int:
    from .cleaning.pipeline import clean

    result = clean(Path(args.raw), Path(args.out))
    print(result.summary())
    print(f"wrote {', '.join(str(Path(args.out) / name) for name in ('panel.csv', 'conflicts.csv', 'coverage.csv', 'warnings.csv', 'excluded.csv'))}")
    return 0


def cmd_assess(args) -> int:
    from .cleaning.panel import load_panel
    from .targets.assessment import plan_review, scorecard
    from .reference.regions import region_code
    from .targets.spec import load_plan, load_targets

    targets = load_targets(args.targets)
    panel = load_panel(args.panel)
    region = region_code(args.region) if args.region else None
    options = dict(method=args.method, n_paths=args.n_paths, seed=args.seed, region=region, lang=args.lang)
    if args.as_of is None and not args.latest_only:
        table = plan_review(targets, panel, base_year=load_plan(args.targets)["base_year"], **options)
    else:
        table = scorecard(targets, panel, as_of=args.as_of, **options)
    _print_table(table.round(4), args.format)
    return 0


def cmd_backtest(args) -> int:
    from .evaluation.backtest import run_backtest, summarise
    from .evaluation.calibration import spread_table, write_calibration
    from .cleaning.panel import load_panel

    panel = load_panel(args.panel)
    methods = args.methods.split(",")
    indicators = args.indicators.split(",") if args.indicators else None
    progress = (lambda i, n, label: print(f"\r[{i + 1}/{n}] {label:<60}", end="", file=sys.stderr, flush=True))
    if args.calibrate:
        cases = run_backtest(panel, methods=["auto"], min_years=args.min_years, indicators=indicators,
                             progress=progress, spread=1.0, n_paths=args.n_paths)
        auto = cases[cases["method"] == "auto"]
        table = spread_table(auto, int(auto["origin"].min()), int((auto["origin"] + auto["h"]).max()))
        target = Path(__file__).parent / "resources" / "calibration.json"
        write_calibration(table, Path(args.panel), target)
        print(f"\nwrote {target}: spread by year " + ", ".join(f"{y}: {v['spread']}" for y, v in table.items()),
              file=sys.stderr)
        return 0
    cases = run_backtest(panel, methods=methods, min_years=args.min_years, indicators=indicators,
                         progress=progress, n_paths=args.n_paths)
    print(file=sys.stderr)
    _print_table(summarise(cases).round(3).reset_index(), args.format)
    return 0


def cmd_questions(args) -> int:
    from .cleaning.panel import load_panel
    from .evaluation.questions import band_coverage, brier_table, question_backtest

    qs = question_backtest(load_panel(args.panel), n_paths=args.n_paths, executor=args.executor,
                           scheduler=args.scheduler, indicators=args.indicators.split(",") if args.indicators else None)
    _print_table(brier_table(qs, report_from=args.report_from).round(4).reset_index(), args.format)
    print(f"80% band coverage: {band_coverage(qs, args.report_from):.3f}", file=sys.stderr)
    return 0


def cmd_run(args) -> int:
    from .publish.runner import DEFAULT_CONFIG, run

    overrides = {}
    for item in args.param or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise DataError(f"-p {item!r}: expected name=value")
        overrides[name] = yaml.safe_load(value)
    return run(args.config or DEFAULT_CONFIG, only=args.only, overrides=overrides, jobs=args.jobs,
               output=args.output, executor=args.executor, scheduler=args.scheduler,
               echo=lambda line: print(line, flush=True))


def cmd_scenario(args) -> int:
    from .cleaning.panel import load_panel
    from .targets.scenarios import Scenario, evaluate, requirements
    from .targets.spec import load_targets

    try:
        spec = yaml.safe_load(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise DataError(f"{args.file}: cannot read the scenario ({err})") from None
    panel = load_panel(args.panel)
    scenario = Scenario.from_dict(spec, panel, source=args.file)
    targets = load_targets(args.targets)
    print(f"# scenario {args.file}: targets it touches")
    _print_table(evaluate(scenario, targets, panel, n_paths=args.n_paths, seed=args.seed, lang=args.lang).round(4),
                 args.format)
    print("# what it takes: constant growth (% a year) that meets each target, the other assumptions unchanged")
    _print_table(requirements(scenario, targets, lang=args.lang).round(3), args.format)
    return 0


def _target_options(p: argparse.ArgumentParser) -> None:
    """Options shared by the commands that judge targets: inputs, simulation, language and output format."""
    p.add_argument("--targets", default="data/targets/qingyuan_2013_2017.yaml")
    p.add_argument("--panel", default="data/processed/panel.csv")
    p.add_argument("--n-paths", type=int, default=2000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--format", choices=["table", "csv", "md", "json"], default="table")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qy", description="Will the plan's targets be reached? Clean "
                                     "published statistics, forecast, assess targets, publish reports.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("read", help="show the records the tool reads from one published file")
    p.add_argument("file")
    p.add_argument("--indicator", help="indicator name, for a portal export that names none")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.set_defaults(func=cmd_read)

    p = sub.add_parser("clean", help="data/raw -> data/processed (panel, conflicts, coverage, warnings)")
    p.add_argument("--raw", default="data/raw")
    p.add_argument("--out", default="data/processed")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("assess", help="scorecard: will each target be met? (ex-ante and ex-post)")
    _target_options(p)
    p.add_argument("--region", help="region name or code (default: the plan's region)")
    p.add_argument("--as-of", type=int, help="use only data up to this year (default: the plan's base year "
                                             "and the latest data, side by side)")
    p.add_argument("--latest-only", action="store_true", help="only the view from the latest data")
    p.add_argument("--method", default="auto")
    p.set_defaults(func=cmd_assess)

    p = sub.add_parser("backtest", help="rolling-origin accuracy of the forecast methods on the panel")
    p.add_argument("--panel", default="data/processed/panel.csv")
    p.add_argument("--methods", default="naive,drift,cagr,auto")
    p.add_argument("--indicators", help="comma-separated indicator ids (default: all level indicators)")
    p.add_argument("--min-years", type=int, default=10)
    p.add_argument("--n-paths", type=int, default=500)
    p.add_argument("--calibrate", action="store_true",
                   help="recompute auto's interval widening by year (resources/calibration.json)")
    p.add_argument("--format", choices=["table", "csv", "md", "json"], default="table")
    p.set_defaults(func=cmd_backtest)

    p = sub.add_parser("questions", help="backtest of target questions: Brier score vs a constant and the rule")
    p.add_argument("--panel", default="data/processed/panel.csv")
    p.add_argument("--indicators", help="comma-separated indicator ids (default: all level and share indicators)")
    p.add_argument("--report-from", type=int, default=2013, help="score questions asked as of this year or later")
    p.add_argument("--n-paths", type=int, default=500)
    p.add_argument("--executor", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", help="Dask scheduler address, with --executor dask")
    p.add_argument("--format", choices=["table", "csv", "md", "json"], default="table")
    p.set_defaults(func=cmd_questions)

    p = sub.add_parser("scenario", help="a scenario of growth assumptions against the targets, and what it takes")
    p.add_argument("file", help="scenario spec (YAML), e.g. data/scenarios/qingyuan_from_2012.yaml")
    _target_options(p)
    p.set_defaults(func=cmd_scenario)

    p = sub.add_parser("run", help="execute the notebooks unattended and publish reports/<run-name>/")
    p.add_argument("--config", help="run config (YAML); default notebooks/run_default.yaml")
    p.add_argument("--only", help="only notebooks whose name contains this (e.g. 03)")
    p.add_argument("-p", "--param", action="append", metavar="NAME=VALUE",
                   help="set a parameter for every selected notebook that takes it (YAML value)")
    p.add_argument("--jobs", type=int, default=1, help="notebooks run in parallel processes")
    p.add_argument("--output", help="output folder (default reports/<run-name>)")
    p.add_argument("--executor", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", help="Dask scheduler address, with --executor dask")
    p.set_defaults(func=cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (DataError, ParameterError) as err:
        print(f"qy {args.command}: bad input\n{err}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
