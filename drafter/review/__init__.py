"""Review of a fact file: the checks a reviewing office (法治办) would send back, as located
findings, and the safe fixes of `drafter check --fix`.

checks and fixes may import `drafter.text`, `drafter.factfile` and the top-level helpers; never the
DOCX stage. The folder review (`drafter review`: folder, similarity, summary, annotate) sits on top of
all stages: it imports reports (`drafter.importing`), checks them and verifies their format
(`drafter.docx.verify`), and writes the workbook, the page and the annotated copies.
"""
