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

from . import commands
from .errors import QyError
from .forecasting import METHODS
from .inputs import MAX_PATHS
from .reference.labels import LANGS
from .targets.peers import INDICATORS as PEER_INDICATORS

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
FORMATS = ["table", "csv", "md", "json"]
FORMAT_HELP = "output: table or md for people, csv or json for tools (default %(default)s)"
EXECUTOR_HELP = "local processes, or a Dask cluster (default %(default)s)"


def _method_list(text: str) -> list[str]:
    methods = text.split(",")
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown method {', '.join(map(repr, unknown))}; expected a comma-separated list of {', '.join(METHODS)}"
        )
    return methods


def _at_least(minimum: int):
    def whole_number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number of at least {minimum}")
        return value

    return whole_number


def _year_or_latest(text: str) -> str:
    if text != "latest" and not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"{text!r}: expected a year such as 2017, or latest")
    return text


def _n_paths(text: str) -> int:
    if not (text.isdigit() and 1 <= int(text) <= MAX_PATHS):
        raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number of paths from 1 to {MAX_PATHS:,}")
    return int(text)


def _seed(text: str) -> int:
    if not (text.isdigit() and int(text) < 2**63):
        raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number >= 0 (the random seed)")
    return int(text)


def _target_options(p: argparse.ArgumentParser) -> None:
    """Options shared by the commands that judge targets: inputs, simulation, language and output format."""
    p.add_argument(
        "--targets", help="the plan: header and targets (default: the project's plan, targets.spec.DEFAULT_PLAN)"
    )
    p.add_argument("--panel", default="data/processed/panel.csv", help="the cleaned panel (default %(default)s)")
    p.add_argument(
        "--n-paths", type=_n_paths, default=2000, help="simulated paths behind each probability (default %(default)s)"
    )
    p.add_argument("--seed", type=_seed, default=0, help="random seed: same seed, same result (default %(default)s)")
    p.add_argument("--lang", choices=LANGS, default="zh", help="language of table and md output (default %(default)s)")
    p.add_argument("--format", choices=FORMATS, default="table", help=FORMAT_HELP)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qy",
        description="Will the plan's targets be reached? Clean "
        "published statistics, forecast, assess targets, publish reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("read", help="show the records the tool reads from one published file")
    p.add_argument("file", help="a published file: portal export, yearbook sheet or transcription")
    p.add_argument("--indicator", help="indicator name, for a portal export that names none")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help=FORMAT_HELP)
    p.add_argument("--strict", action="store_true", help="unreadable cells are errors, not rejected records")
    p.set_defaults(func=commands.cmd_read)

    p = sub.add_parser("add", help="register a new download: read it, copy it into data/raw, add it to sources.csv")
    p.add_argument("file", help="the downloaded file to register")
    p.add_argument("--indicator", help="indicator name, for a regions × years export that names none")
    p.add_argument("--source-url", required=True, help="where the file was downloaded from")
    p.add_argument("--vintage", help="a revision with its own series, e.g. rev2025 (gdp -> gdp_rev2025)")
    p.add_argument("--title", help="publication title (default: the export's 数据库 line)")
    p.add_argument("--publisher", help="publisher (default: 'see url')")
    p.add_argument(
        "--reliability", default="final", help="final, official, mixed, preliminary, third_party, unofficial"
    )
    p.add_argument("--raw", help="raw data folder to register into (default: the project's data/raw)")
    p.set_defaults(func=commands.cmd_add)

    p = sub.add_parser("clean", help="data/raw -> data/processed (panel, conflicts, coverage, warnings)")
    p.add_argument("--raw", help="raw data folder (default: the project's data/raw)")
    p.add_argument("--out", help="output folder (default: the project's data/processed)")
    p.add_argument("--strict", action="store_true", help="unreadable cells are errors, not rejected.csv rows")
    p.set_defaults(func=commands.cmd_clean)

    p = sub.add_parser("assess", help="scorecard: will each target be met? (ex-ante and ex-post)")
    _target_options(p)
    p.add_argument("--region", help="region name or code (default: the plan's region)")
    p.add_argument(
        "--as-of",
        type=int,
        help="use only data up to this year (default: the plan's base year and the latest data, side by side)",
    )
    p.add_argument("--latest-only", action="store_true", help="only the view from the latest data")
    p.add_argument("--method", choices=METHODS, default="auto", help="forecast method (default %(default)s)")
    p.set_defaults(func=commands.cmd_assess)

    p = sub.add_parser("backtest", help="rolling-origin accuracy of the forecast methods on the panel")
    p.add_argument("--panel", default="data/processed/panel.csv", help="the cleaned panel (default %(default)s)")
    p.add_argument(
        "--methods",
        type=_method_list,
        default="naive,drift,cagr,auto",
        help="comma-separated forecast methods (default %(default)s)",
    )
    p.add_argument("--indicators", help="comma-separated indicator ids (default: all level indicators)")
    p.add_argument(
        "--min-years", type=int, default=10, help="shortest series evaluated, in years (default %(default)s)"
    )
    p.add_argument("--n-paths", type=_n_paths, default=500, help="simulated paths per forecast (default %(default)s)")
    p.add_argument(
        "--calibrate", action="store_true", help="refit auto's interval calibration by year and write it to --out"
    )
    p.add_argument(
        "--if-stale",
        action="store_true",
        help="with --calibrate: only when --out was fitted on another panel (make run uses this)",
    )
    p.add_argument(
        "--out",
        default="data/models/calibration.json",
        help="calibration file: written by --calibrate, else read (default %(default)s)",
    )
    p.add_argument("--format", choices=FORMATS, default="table", help=FORMAT_HELP)
    p.set_defaults(func=commands.cmd_backtest)

    p = sub.add_parser("questions", help="backtest of target questions: Brier score vs a constant and the rule")
    p.add_argument("--panel", default="data/processed/panel.csv", help="the cleaned panel (default %(default)s)")
    p.add_argument("--indicators", help="comma-separated indicator ids (default: all level and share indicators)")
    p.add_argument(
        "--report-from",
        type=int,
        help="the full table for questions asked as of this year or later "
        "(default: Brier by era, asked up to 2012 and from 2013, beside the constant and the prior alone)",
    )
    p.add_argument("--n-paths", type=_n_paths, default=500, help="simulated paths per question (default %(default)s)")
    p.add_argument("--executor", choices=["local", "dask"], default="local", help=EXECUTOR_HELP)
    p.add_argument("--scheduler", help="Dask scheduler address, with --executor dask")
    p.add_argument("--format", choices=FORMATS, default="table", help=FORMAT_HELP)
    p.set_defaults(func=commands.cmd_questions)

    p = sub.add_parser("scenario", help="a scenario of growth assumptions against the targets, and what it takes")
    p.add_argument("file", nargs="?", help="scenario spec (YAML); default: the plan's default_scenario")
    _target_options(p)
    p.set_defaults(func=commands.cmd_scenario)

    p = sub.add_parser("peers", help="the region's rank among its peers in one year (default: the plan's target year)")
    _target_options(p)
    p.add_argument("--region", help="region name or code (default: the plan's region)")
    p.add_argument("--group", help="peer group of regions.csv (default: the plan's peer group)")
    p.add_argument(
        "--year",
        type=_year_or_latest,
        help="the year judged (default: the plan's target year; 'latest': each indicator's last ranked year)",
    )
    p.add_argument("--indicators", default=",".join(PEER_INDICATORS), help="comma-separated indicator ids")
    p.set_defaults(func=commands.cmd_peers)

    p = sub.add_parser("run", help="execute the notebooks unattended and publish reports/<run-name>/")
    p.add_argument("--config", help="run config (YAML); default notebooks/run_default.yaml")
    p.add_argument(
        "--only",
        help="only notebooks whose name contains this (e.g. 03); written to "
        "reports/<run-name>-partial unless --output says where",
    )
    p.add_argument(
        "-p",
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="set a parameter for every selected notebook that takes it (YAML value)",
    )
    p.add_argument(
        "--jobs",
        type=_at_least(1),
        help="notebooks run in parallel processes, 1 or more (default: the config's jobs, else 1)",
    )
    p.add_argument("--output", help="output folder (default reports/<run-name>)")
    p.add_argument(
        "--keep",
        type=_at_least(0),
        default=3,
        help="earlier runs of the folder kept beside it as <folder>.previous-<time> (default %(default)s)",
    )
    p.add_argument("--executor", choices=["local", "dask"], default="local", help=EXECUTOR_HELP)
    p.add_argument("--scheduler", help="Dask scheduler address, with --executor dask")
    p.add_argument("--with-code", action="store_true", help="keep the code cells in the HTML reports")
    p.set_defaults(func=commands.cmd_run)
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
    except KeyboardInterrupt:  # Ctrl-C before a command set its own handling (a run's checks): nothing written
        print(f"qy {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader stopped reading (`| head`): nothing is wrong. Point stdout at devnull so that Python's
        # final flush does not fail again (https://docs.python.org/3/library/signal.html#note-on-sigpipe).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
