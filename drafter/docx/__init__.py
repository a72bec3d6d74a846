"""The DOCX stage: the GB/T 9704 format in OOXML, layout of the blocks, rendering through the
template, reading a DOCX's effective formatting, `drafter verify`, generating the template, and
the one LibreOffice driver (DOCX -> PDF here, .doc/.wps -> DOCX for drafter.importing).

May import `drafter.text`, `drafter.factfile` and the top-level helpers, python-docx, docxtpl,
jinja2 and lxml; the layout itself stays free of python-docx.
"""
