"""The `qy` command: read, clean, assess, backtest, run, scenario.

Every subcommand prints what it did; bad input gives a message naming file, row and field, and a
non-zero exit status (2 for bad input, 1 for a run that failed part-way).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from .errors import DataError

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
    from .readers import read

    records = read(args.file, indicator=args.indicator)
    columns = ["region", "region_code", "year", "indicator", "indicator_id", "value", "unit", "scope", "row", "column"]
    _print_table(records[columns] if args.format != "csv" else records, args.format)
    unknown = records[records["indicator_id"].isna()]["indicator"].unique()
    print(f"# {len(records)} records; {records['value'].isna().sum()} missing; "
          f"{len(unknown)} indicator names not in the catalogue", file=sys.stderr)
    return 0


def cmd_clean(args) -> int:
    from .pipeline import clean

    result = clean(Path(args.raw), Path(args.out))
    print(result.summary())
    print(f"wrote {', '.join(str(Path(args.out) / name) for name in ('panel.csv', 'conflicts.csv', 'coverage.csv', 'warnings.csv', 'excluded.csv'))}")
    return 0


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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as err:
        print(f"qy {args.command}: bad input\n{err}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
