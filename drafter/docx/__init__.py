"""The DOCX stage: the GB/T 9704 format in OOXML, layout of the blocks, rendering through the
template, reading a DOCX's effective formatting, `drafter verify`, generating the template, and
the one LibreOffice driver (DOCX -> PDF here, .doc/.wps -> DOCX for drafter.importing).

May import `drafter.text`, `drafter.factfile` and the top-level helpers, python-docx, docxtpl,
jinja2 and lxml; the format spec (`spec`) and the layout stay free of python-docx, lxml and docxtpl
(tests/docx/test_layout.py imports them in a fresh interpreter to prove it).
"""
