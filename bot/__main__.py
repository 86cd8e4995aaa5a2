"""Command line: `python -m bot` runs the bot; `check` and `backup` help admins."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import cli


def build_parser() -> argparse.ArgumentParser:
    """The command-line options."""
    parser = argparse.ArgumentParser(prog="leap-bot", description="LEAP bot for Discord.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="Start the bot (the default).")
    sub.add_parser("check", help="Check the settings and the database, then stop.")
    backup = sub.add_parser("backup", help="Copy the database safely, even while the bot runs.")
    backup.add_argument("path", help="Where to write the copy.")
    export = sub.add_parser(
        "export-hours",
        help="Make a payment run of approved, unpaid hours (the same as /hours export).",
    )
    export.add_argument("--from", dest="start", required=True, help="First work date, 2026-01-01.")
    export.add_argument("--to", dest="end", required=True, help="Last work date, 2026-03-31.")
    export.add_argument("--out", required=True, help="Where to write the file.")
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument("--guild", type=int, default=None, help="Server id (if more than one).")
    export.add_argument("--db", default=None, help="Database file (default: from .env).")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `python -m bot` and the `leap-bot` script."""
    args = build_parser().parse_args(argv)
    command = args.command or "run"
    if command == "run":
        return cli.run_bot()
    if command == "check":
        return cli.check()
    if command == "backup":
        return cli.backup(args.path)
    if command == "export-hours":
        return cli.export_hours(
            start=args.start,
            end=args.end,
            out=args.out,
            fmt=args.format,
            guild=args.guild,
            db_path=args.db,
        )
    parser_error = f"Unknown command {command}."
    return cli.fail(parser_error)


if __name__ == "__main__":
    sys.exit(main())
