"""The `qy` command: read, clean, assess, backtest, run, scenario, peers.

Every subcommand prints what it did. Bad input (any `QyError`, or an option argparse rejects) gives one line
on stderr naming what was wrong and what was expected, and exit status 2; a run that failed part-way exits
with 1. A reader that closes the pipe early (`qy clean | head -1`) ends the command quietly with status 0.
Any other exception is a bug and keeps its traceback.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd
import yaml

from .errors import DataError, QyError
from .forecasting import METHODS
from .io import write_csv
from .paths import project_root
from .reference.labels import LANGS

EXIT_BAD_INPUT = 2
FORMATS = ["table", "csv", "md", "json"]


def _input_file(text: str | Path, what: str) -> Path:
    """An input path as given, or, when relative and absent from the working folder, the project's own;
    DataError naming the path when neither exists (so `qy` works from any folder)."""
    path = Path(text)
    if path.exists():
        return path
    if not path.is_absolute() and (project_root() / path).exists():
        return project_root() / path
    where = "" if path.is_absolute() else f" in {Path.cwd()} or in the project folder {project_root()}"
    raise DataError(f"{what} {text}: no such file{where}; expected an existing file")


def _method_list(text: str) -> list[str]:
    methods = text.split(",")
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown method {', '.join(map(repr, unknown))}; "
                                         f"expected a comma-separated list of {', '.join(METHODS)}")
    return methods


def _print_table(frame: pd.DataFrame, fmt: str) -> None:
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

    records = read(_input_file(args.file, "file"), indicator=args.indicator, strict=args.strict)
    columns = ["region", "region_code", "year", "indicator", "indicator_id", "value", "unit", "scope", "row", "column",
               "repair"]
    _print_table(records[columns] if args.format != "csv" else records, args.format)
    print(read_summary(records), file=sys.stderr)
    return 0


def cmd_add(args) -> int:
    from .ingest.register import add_source

    add_source(_input_file(args.file, "file"), Path(args.raw) if args.raw else project_root() / "data" / "raw", indicator=args.indicator, source_url=args.source_url, vintage=args.vintage,
               title=args.title, publisher=args.publisher, reliability=args.reliability, echo=print)
    return 0


def cmd_clean(args) -> int:
    from .cleaning.pipeline import OUTPUTS, clean

    out = Path(args.out) if args.out else project_root() / "data" / "processed"
    result = clean(_input_file(args.raw or project_root() / "data" / "raw", "--raw"), out, strict=args.strict)
    print(result.summary())
    print(f"wrote {', '.join(str(out / name) for name in OUTPUTS)}")
    return 0


def cmd_assess(args) -> int:
    """csv and json: the language-neutral table (codes, numbers); table and md: for people, in `--lang`."""
    from .cleaning.panel import load_panel
    from .targets.assessment import assess, plan_review, scorecard
    from .reference.regions import region_code
    from .reporting.tables import footnote_text, index_scorecard, scorecard_table, with_text
    from .targets.spec import load_plan

    plan = load_plan(_input_file(args.targets, "--targets"))
    panel = load_panel(_input_file(args.panel, "--panel"))
    region = region_code(args.region) if args.region else None
    options = dict(method=args.method, n_paths=args.n_paths, seed=args.seed, region=region)
    both = args.as_of is None and not args.latest_only
    if args.format in ("csv", "json"):
        table = plan_review(plan.targets, panel, base_year=plan.base_year, **options) if both else \
            scorecard(plan.targets, panel, as_of=args.as_of, **options)
        _print_table(with_text(table, plan.targets, args.lang).round(4), args.format)
        return 0
    views = [assess(t, panel, as_of=plan.base_year if both else args.as_of, **options) for t in plan.targets.values()]
    if both:
        table = index_scorecard(views, [assess(t, panel, **options) for t in plan.targets.values()], args.lang)
    else:
        table = scorecard_table(views, args.lang, columns=["target_id", "text", "rule", "status", "probability", "band",
                                                           "last", "outcome", "gap"])
    _print_table(table, args.format)
    print(footnote_text(table).replace("  \n", "\n"))
    return 0


def cmd_backtest(args) -> int:
    from .evaluation.backtest import run_backtest, summarise
    from .evaluation.calibration import fit_calibration, load_calibration, panel_hash
    from .cleaning.panel import load_panel

    panel_path = _input_file(args.panel, "--panel")
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
        try:
            overrides[name] = yaml.safe_load(value)
        except yaml.YAMLError:
            raise DataError(f"-p {item!r}: the value is not valid YAML; expected e.g. 2012, null, en or [a, b]") from None
    config = _input_file(args.config, "--config") if args.config else DEFAULT_CONFIG
    return run(config, only=args.only, overrides=overrides, jobs=args.jobs,
               output=args.output, executor=args.executor, scheduler=args.scheduler, with_code=args.with_code,
               echo=lambda line: print(line, flush=True))


def cmd_scenario(args) -> int:
    from .cleaning.panel import load_panel
    from .reporting.tables import with_text
    from .targets.scenarios import Scenario, evaluate, read_spec, requirements
    from .targets.spec import load_plan

    plan = load_plan(_input_file(args.targets, "--targets"))
    name = args.file or plan.default_scenario
    if name is None:
        raise DataError(f"scenario: no FILE given and the plan {plan.path} names no default_scenario; expected a file")
    spec = read_spec(_input_file(name, "scenario"))
    panel = load_panel(_input_file(args.panel, "--panel"))
    scenario = Scenario.from_dict(spec, panel, source=name, plan=plan)
    targets = plan.targets
    print(f"# scenario {name}: targets it touches")
    _print_table(with_text(evaluate(scenario, targets, panel, n_paths=args.n_paths, seed=args.seed), targets,
                           args.lang).round(4), args.format)
    print("# what it takes: constant growth (% a year) that meets each target, the other assumptions unchanged")
    _print_table(with_text(requirements(scenario, targets), targets, args.lang).round(3), args.format)
    return 0


def cmd_peers(args) -> int:
    from .cleaning.panel import load_panel
    from .reference.regions import region_code
    from .reporting.tables import peer_summary, peer_table
    from .targets.peers import standing
    from .targets.spec import load_plan

    plan = load_plan(_input_file(args.targets, "--targets"))
    panel = load_panel(_input_file(args.panel, "--panel"))
    region = region_code(args.region) if args.region else plan.region
    group = args.group or plan.peer_group
    year = None if args.year == "latest" else int(args.year or plan.target_year)
    table = standing(panel, region, args.indicators.split(","), group, year)
    _print_table(peer_table(table, args.lang), args.format)
    print(peer_summary(table, region, group, year, args.lang), file=sys.stderr if args.format != "table" else sys.stdout)
    return 0


def _year_or_latest(text: str) -> str:
    if text != "latest" and not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"{text!r}: expected a year such as 2017, or latest")
    return text


def _target_options(p: argparse.ArgumentParser) -> None:
    """Options shared by the commands that judge targets: inputs, simulation, language and output format."""
    p.add_argument("--targets", default="data/targets/qingyuan_2013_2017.yaml")
    p.add_argument("--panel", default="data/processed/panel.csv")
    p.add_argument("--n-paths", type=int, default=2000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lang", choices=LANGS, default="zh")
    p.add_argument("--format", choices=FORMATS, default="table")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qy", description="Will the plan's targets be reached? Clean "
                                     "published statistics, forecast, assess targets, publish reports.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("read", help="show the records the tool reads from one published file")
    p.add_argument("file")
    p.add_argument("--indicator", help="indicator name, for a portal export that names none")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--strict", action="store_true", help="unreadable cells are errors, not rejected records")
    p.set_defaults(func=cmd_read)

    p = sub.add_parser("add", help="register a new download: read it, copy it into data/raw, add it to sources.csv")
    p.add_argument("file")
    p.add_argument("--indicator", help="indicator name, for a regions × years export that names none")
    p.add_argument("--source-url", required=True, help="where the file was downloaded from")
    p.add_argument("--vintage", help="a revision with its own series, e.g. rev2025 (gdp -> gdp_rev2025)")
    p.add_argument("--title", help="publication title (default: the export's 数据库 line)")
    p.add_argument("--publisher", help="publisher (default: 'see url')")
    p.add_argument("--reliability", default="final", help="final, official, mixed, preliminary, third_party, unofficial")
    p.add_argument("--raw", help="raw data folder to register into (default: the project's data/raw)")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("clean", help="data/raw -> data/processed (panel, conflicts, coverage, warnings)")
    p.add_argument("--raw", help="raw data folder (default: the project's data/raw)")
    p.add_argument("--out", help="output folder (default: the project's data/processed)")
    p.add_argument("--strict", action="store_true", help="unreadable cells are errors, not rejected.csv rows")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("assess", help="scorecard: will each target be met? (ex-ante and ex-post)")
    _target_options(p)
    p.add_argument("--region", help="region name or code (default: the plan's region)")
    p.add_argument("--as-of", type=int, help="use only data up to this year (default: the plan's base year "
                                             "and the latest data, side by side)")
    p.add_argument("--latest-only", action="store_true", help="only the view from the latest data")
    p.add_argument("--method", choices=METHODS, default="auto")
    p.set_defaults(func=cmd_assess)

    p = sub.add_parser("backtest", help="rolling-origin accuracy of the forecast methods on the panel")
    p.add_argument("--panel", default="data/processed/panel.csv")
    p.add_argument("--methods", type=_method_list, default="naive,drift,cagr,auto")
    p.add_argument("--indicators", help="comma-separated indicator ids (default: all level indicators)")
    p.add_argument("--min-years", type=int, default=10)
    p.add_argument("--n-paths", type=int, default=500)
    p.add_argument("--calibrate", action="store_true",
                   help="refit auto's interval calibration by year and write it to --out")
    p.add_argument("--if-stale", action="store_true",
                   help="with --calibrate: only when --out was fitted on another panel (make run uses this)")
    p.add_argument("--out", default="data/models/calibration.json",
                   help="calibration file: written by --calibrate, else read (default %(default)s)")
    p.add_argument("--format", choices=FORMATS, default="table")
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
    p.add_argument("file", nargs="?", help="scenario spec (YAML); default: the plan's default_scenario")
    _target_options(p)
    p.set_defaults(func=cmd_scenario)

    p = sub.add_parser("peers", help="the region's rank among its peers in one year (default: the plan's target year)")
    _target_options(p)
    p.add_argument("--region", help="region name or code (default: the plan's region)")
    p.add_argument("--group", help="peer group of regions.csv (default: the plan's peer group)")
    p.add_argument("--year", type=_year_or_latest, help="the year judged (default: the plan's target year; "
                                                        "'latest': each indicator's last ranked year)")
    p.add_argument("--indicators", default="gdp,budget_expenditure,st_expenditure,fiscal_st_share,"
                   "patent_applications,patent_grants,patent_grants_invention", help="comma-separated indicator ids")
    p.set_defaults(func=cmd_peers)

    p = sub.add_parser("run", help="execute the notebooks unattended and publish reports/<run-name>/")
    p.add_argument("--config", help="run config (YAML); default notebooks/run_default.yaml")
    p.add_argument("--only", help="only notebooks whose name contains this (e.g. 03)")
    p.add_argument("-p", "--param", action="append", metavar="NAME=VALUE",
                   help="set a parameter for every selected notebook that takes it (YAML value)")
    p.add_argument("--jobs", type=int, help="notebooks run in parallel processes (default: the config's jobs, else 1)")
    p.add_argument("--output", help="output folder (default reports/<run-name>)")
    p.add_argument("--executor", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", help="Dask scheduler address, with --executor dask")
    p.add_argument("--with-code", action="store_true", help="keep the code cells in the HTML reports")
    p.set_defaults(func=cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # a rejected option exits here with argparse's message and 2
    try:
        status = args.func(args)
        sys.stdout.flush()  # a closed pipe shows up here, not at interpreter exit
        return status
    except QyError as err:
        print(f"qy {args.command}: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader stopped reading (`| head`): nothing is wrong. Point stdout at devnull so that Python's
        # final flush does not fail again (https://docs.python.org/3/library/signal.html#note-on-sigpipe).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
