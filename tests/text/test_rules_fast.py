"""half_width_punctuation and unpaired_marks look only at the marks (regular expressions find them):
the same spans as the per-character loops they replace, on any text (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.text import rules
from drafter.text.rules import PAIRS, Span, half_width_punctuation, unpaired_marks

_TEXT = st.text(st.sampled_from(list("法治政府a1 ,;:?!()（）“”‘’《》〈〉【】〔〕「」『』一）。，\u3000\xa0")), max_size=40)


def unpaired_by_every_character(text: str) -> list[Span]:
    """unpaired_marks as it was: one step per character."""
    closers = {v: k for k, v in PAIRS.items()}
    markers = {m.end() - 1 for m in rules._LIST_MARKER.finditer(text)}
    spans: list[Span] = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in PAIRS:
            stack.append(i)
        elif ch in closers and i not in markers:
            opening = closers[ch]
            if stack and text[stack[-1]] == opening:
                stack.pop()
            elif any(text[j] == opening for j in stack):
                while text[stack[-1]] != opening:
                    j = stack.pop()
                    spans.append(Span(j, j + 1, "unpaired", {"char": text[j], "other": PAIRS[text[j]]}))
                stack.pop()
            else:
                spans.append(Span(i, i + 1, "unpaired", {"char": ch, "other": opening}))
    spans.extend(Span(j, j + 1, "unpaired", {"char": text[j], "other": PAIRS[text[j]]}) for j in stack)
    return sorted(spans, key=lambda s: s.start)


@settings(max_examples=400)
@given(_TEXT)
def test_unpaired_marks_as_the_per_character_loop(text: str):
    assert unpaired_marks(text) == unpaired_by_every_character(text)


@settings(max_examples=400)
@given(_TEXT)
def test_half_width_punctuation_without_marks_finds_nothing_and_with_them_the_same(text: str):
    spans = half_width_punctuation(text)
    if not any(ch in "(),;:?!" for ch in text):
        assert spans == []
    assert {s.start for s in spans} <= {i for i, ch in enumerate(text) if ch in "(),;:?!"}
