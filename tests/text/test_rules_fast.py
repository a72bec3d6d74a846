"""The checks' fast paths find what the slow ones found, on any text (hypothesis): unpaired_marks visits
only the marks, half_width_punctuation and three pattern rules skip texts without their characters."""

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


_ORDINAL_TEXT = st.text(st.sampled_from(list("一二三四十是第步点条，。：、2024年—至号[]〔〕（）江法 ")), max_size=30)


@settings(max_examples=400)
@given(_ORDINAL_TEXT)
def test_the_literal_prefilters_change_nothing(text: str):
    """ordinals, year_mentions and doc_number_brackets skip a text without 是/第, 年 or 号: their
    patterns need those characters, so running them finds the same."""
    assert [o.start for o in rules.ordinals(text)] == sorted(
        m.start() for _, pattern in rules._ORDINALS for m in pattern.finditer(text)
        if rules.parse_chinese_numeral(m["num"]) is not None)
    assert [y.start for y in rules.year_mentions(text)] == [
        m.start() for m in rules.YEAR.finditer(text)
        if not (rules.YEAR_RANGE_START.match(text[m.end():]) or rules.YEAR_RANGE_END.search(text, 0, m.start()))]
    assert [s.start for s in rules.doc_number_brackets(text)] == [
        m.start() for m in rules.DOC_NUMBER_IN_TEXT.finditer(text) if m["open"] + m["close"] != "〔〕"]
