"""`cli.py hash-password [USER]`: print the secrets.toml line that lets an editor log in."""

from __future__ import annotations

import argparse
import getpass
import json
import re
import sys

from influence.edit import access

NAME = "hash-password"
HELP = (
    "Hash an editor's password (PBKDF2-SHA256) and print the line for [editors] in .streamlit/secrets.toml."
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `hash-password`."""
    parser.add_argument("user", nargs="?", default="editor", help="the editor's user name (default: editor)")
    parser.add_argument(
        "--stdin", action="store_true", help="read the password from standard input instead of prompting"
    )
    parser.add_argument("--iterations", type=int, default=access.ITERATIONS, help=argparse.SUPPRESS)


def run(arguments: argparse.Namespace) -> int:
    """Ask for the password twice (or read it from stdin) and print `user = "pbkdf2_sha256$..."`."""
    if arguments.stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("The two passwords differ; nothing printed.", file=sys.stderr)
            return 1
    if len(password) < 8:
        print("Use a password of at least 8 characters; nothing printed.", file=sys.stderr)
        return 1
    encoded = access.hash_password(
        password, iterations=min(max(arguments.iterations, access.MIN_ITERATIONS), access.MAX_ITERATIONS)
    )
    # TOML bare keys are ASCII letters, digits, '-' and '_'; anything else is written as a quoted key
    bare = re.fullmatch(r"[A-Za-z0-9_-]+", arguments.user)
    user = arguments.user if bare else json.dumps(arguments.user, ensure_ascii=False)
    print("# add under [editors] in .streamlit/secrets.toml")
    print(f'{user} = "{encoded}"')
    return 0
