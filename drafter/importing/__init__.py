"""Import of an existing report: readers (txt/html/docx/doc) -> lines -> the recogniser -> facts,
with the recognition patterns as data (templates/import.yaml).

May import `drafter.text`, `drafter.factfile`, `drafter.docx.libreoffice` (old .doc/.wps) and the
top-level helpers.
"""
