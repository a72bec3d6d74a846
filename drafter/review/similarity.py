"""Last year's text again: which paragraphs of a report repeat the previous year's nearly word for word,
and which previous report is the same department's.

A paragraph is compared by its *normalised* text: full-width forms folded (NFKC), spaces and
punctuation dropped, and every run of digits (a year, a count, a percentage) replaced by one
placeholder, so that "2023年办理复议案件12件" and "2024年办理复议案件15件" are the same sentence.
Two normalised paragraphs are compared by the Dice coefficient of their sets of character bigrams;
at or above `REPEAT_THRESHOLD` (0.8) the paragraph counts as repeated. A sentence with a clause
added or a few words changed stays above it; a paragraph rewritten on the same subject falls well
below it (tests/review/test_similarity.py holds the pairs). Paragraphs shorter than
`MIN_CHARS` normalised characters (headings, the title, the date) are not compared.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

#: Dice coefficient of the bigram sets at or above which a paragraph repeats last year's.
REPEAT_THRESHOLD = 0.8
#: Normalised characters a paragraph needs to be compared at all.
MIN_CHARS = 30

_DIGITS = re.compile(r"\d+(?:[.．]\d+)?")


def normalise(text: str) -> str:
    """The text as compared: NFKC, no spaces or punctuation, each number as "#"."""
    text = _DIGITS.sub("#", unicodedata.normalize("NFKC", text))
    return "".join(ch for ch in text if ch == "#" or unicodedata.category(ch)[0] in "LN")


def bigrams(normalised: str) -> frozenset[str]:
    return frozenset(normalised[i:i + 2] for i in range(len(normalised) - 1))


def similarity(a: str, b: str) -> float:
    """Dice coefficient (0–1) of the bigram sets of two paragraphs, after `normalise`."""
    x, y = bigrams(normalise(a)), bigrams(normalise(b))
    if not x or not y:
        return 1.0 if normalise(a) == normalise(b) else 0.0
    return 2 * len(x & y) / (len(x) + len(y))


@dataclass(frozen=True)
class Repeat:
    """A paragraph of this year's report and the previous year's paragraph it repeats."""

    index: int  # position in the current paragraph list
    previous: int  # position in the previous paragraph list
    score: float


def repeated_paragraphs(current: Sequence[str], previous: Sequence[str],
                        threshold: float = REPEAT_THRESHOLD) -> tuple[list[Repeat], int]:
    """The current paragraphs that repeat a previous one, and how many current paragraphs were
    compared (long enough). Candidates come from an index of the previous bigrams, so a report
    of hundreds of paragraphs costs milliseconds."""
    prev_sets = [bigrams(n) if len(n) >= MIN_CHARS else frozenset() for n in map(normalise, previous)]
    index: dict[str, list[int]] = {}
    for j, grams in enumerate(prev_sets):
        for gram in grams:
            index.setdefault(gram, []).append(j)
    found: list[Repeat] = []
    compared = 0
    for i, text in enumerate(current):
        norm = normalise(text)
        if len(norm) < MIN_CHARS:
            continue
        compared += 1
        grams = bigrams(norm)
        shared: Counter[int] = Counter()
        for gram in grams:
            shared.update(index.get(gram, ()))
        best: Repeat | None = None
        for j, common in shared.items():
            score = 2 * common / (len(grams) + len(prev_sets[j]))
            if score >= threshold and (best is None or score > best.score):
                best = Repeat(i, j, score)
        if best is not None:
            found.append(best)
    return found, compared


# --- the same department in another year ---------------------------------------------------------

_NAME_NOISE = re.compile(r"[\s（）()“”\"']")


def _name_key(name: str) -> str:
    return _NAME_NOISE.sub("", unicodedata.normalize("NFKC", name))


def _subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def same_agency(a: str, b: str) -> bool:
    """Whether two agency names are the same department: equal, or one a short form of the other
    (its characters in order within the full name, the same last character — 局, 委, 办 — and at
    least three characters: 龙泉市科技局 for 龙泉市科学技术局)."""
    x, y = _name_key(a), _name_key(b)
    if not x or not y:
        return False
    if x == y:
        return True
    short, full = sorted((x, y), key=len)
    return len(short) >= 3 and short[-1] == full[-1] and _subsequence(short, full)


def match_agency(name: str, year: int, candidates: Sequence[tuple[str, int]]) -> int | None:
    """The candidate (agency name, year) that is the same department's earlier report: an exact
    name before a short form, the latest earlier year first. None when there is none."""
    best: tuple[int, int, int] | None = None  # (exact, year, -index)
    for k, (other, other_year) in enumerate(candidates):
        if other_year >= year or not same_agency(name, other):
            continue
        rank = (int(_name_key(other) == _name_key(name)), other_year, -k)
        if best is None or rank > best:
            best = rank
    return -best[2] if best is not None else None
