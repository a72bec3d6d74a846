"""Chinese text rules of the official format, on plain strings: width in 字, numerals, punctuation,
text values (one-line and paragraph texts, headings, names, 文号, dates) and title line breaks; and
which Unicode encoding a file's bytes are in (`encoding`), and numbers read from text (`numerals`).

`patterns` is the one place where a pattern of the official format (文号 shape, dates, heading
numbers, control characters, the marks a name must not end with, 附件说明) is defined, and `numerals`
the one list of Chinese digits; `values` builds the rules every stage applies from them. May import
only the standard library and `drafter.errors`: the wizard, the fact model, checks, import, build and
verify all build on it.
"""
