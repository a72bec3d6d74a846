"""The interview behind `drafter new` / `drafter edit`: questions (from prompts/), typed answers,
the answer logic, the terminal front end and carry-over from last year's file.

May import `drafter.text`, `drafter.factfile` and the top-level helpers; questionary is imported
by `terminal` alone.
"""
