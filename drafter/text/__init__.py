"""Chinese text rules of the official format, on plain strings: width in 字, numerals, punctuation,
text values (one-line and paragraph texts, 文号, dates) and title line breaks.

The one place where a pattern of the official format (文号 shape, dates, heading numbers, control
characters, numerals) is defined. May import only the standard library and `drafter.errors`:
the wizard, the fact model, checks, import, build and verify all build on it.
"""
