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
    parser_error = f"Unknown command {command}."
    return cli.fail(parser_error)


if __name__ == "__main__":
    sys.exit(main())
