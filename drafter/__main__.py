"""`python -m drafter` runs the command line."""

from .cli import run

run()
