"""Review of a fact file: the checks a reviewing office (法治办) would send back, as located
findings, and the safe fixes of `drafter check --fix`.

May import `drafter.text`, `drafter.factfile` and the top-level helpers; never the DOCX stage.
"""
