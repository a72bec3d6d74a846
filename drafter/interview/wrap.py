"""Wrap Chinese text to a terminal's width without cutting anything off.

Widths are terminal columns (a 汉字 takes two, as wcwidth counts them, which is what
prompt_toolkit draws with). Lines break between characters of Chinese text and at spaces in
Latin text (a file name or a command is never split unless it is wider than the window), and
follow the Chinese line-breaking rules: no line starts with a closing mark (，。、；：？！）》” …)
and none ends with an opening one (（《“ …).
"""

from __future__ import annotations

import re
import unicodedata

from wcwidth import wcwidth

#: May not start a line (GB/T 15834 and common 禁则).
NO_START = set("，。、；：？！）》〉」』】〕〗”’…—·%,.;:?!)]}>")
#: May not end a line.
NO_END = set("（《〈「『【〔〖“‘([{<")

_TOKEN = re.compile(r"[A-Za-z0-9_./\\:~+\-=@#%&*'\"]+|\s|.", re.S)


def width_of(text: str) -> int:
    """Columns; East Asian ambiguous characters (“ ” …) count two, as CJK terminals draw them."""
    return sum(2 if unicodedata.east_asian_width(ch) == "A" else max(wcwidth(ch), 0) for ch in text)


def _break_long(token: str, width: int) -> list[str]:
    parts, current = [], ""
    for ch in token:
        if current and width_of(current + ch) > width:
            parts.append(current)
            current = ""
        current += ch
    return parts + ([current] if current else [])


def wrap_line(line: str, width: int) -> list[str]:
    """One paragraph (no newline) as lines at most `width` columns wide."""
    width = max(width, 4)
    if width_of(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip(" 　"))]
    if width_of(indent) > width // 3:
        indent = ""
    tokens: list[str] = []
    for token in _TOKEN.findall(line[len(indent):]):
        tokens += _break_long(token, width - width_of(indent)) if width_of(token) > width - width_of(indent) else [token]
    lines: list[list[str]] = [[indent]] if indent else [[]]
    used = width_of(indent)
    for token in tokens:
        w = width_of(token)
        current = lines[-1]
        if used + w <= width or not "".join(current).strip():
            current.append(token)
            used += w
            continue
        carried: list[str] = []
        # 禁则: pull characters down so that the new line does not start with a closing mark,
        # and the old one does not end with an opening mark
        if token[0] in NO_START:
            while len(current) > 1 and current[-1] and current[-1][-1] in NO_START:
                carried.insert(0, current.pop())
            if len(current) > 1:
                carried.insert(0, current.pop())
        while len(current) > 1 and current[-1] and current[-1][-1] in NO_END:
            carried.insert(0, current.pop())
        body = [t for t in carried + [token] if t]
        while body and body[0].isspace():
            body.pop(0)
        new = ([indent] if indent else []) + body
        lines.append(new)
        used = width_of("".join(new))
    return ["".join(parts).rstrip() for parts in lines]


def wrap(text: str, width: int) -> str:
    """`text` with every line wrapped to `width` columns (existing line breaks kept)."""
    return "\n".join(out for line in text.split("\n") for out in wrap_line(line, width))
