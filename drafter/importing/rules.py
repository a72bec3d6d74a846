"""The patterns import uses to read a report, loaded from templates/import.yaml and compiled once.

Kept apart from the recogniser so that a new variant seen in a real report is a data edit.
`section_kind` is also how `drafter check` tells the statutory part of a heading without kind.
"""

from __future__ import annotations

import re
from functools import cache

from drafter.records import Frozen
from drafter.resources import load_data, template_path
from drafter.text.patterns import DATE_CN

#: Stands for a 成文日期 (text.patterns.DATE_CN) in a furniture pattern.
DATE = "{date}"
#: Stands for the report year + 1 in a section_kinds pattern ("{next_year}年" -> 2024年).
NEXT_YEAR = "{next_year}"


class KindPattern(Frozen):
    __slots__ = ("kind", "search", "pattern", "first_only")

    def __init__(self, kind: str, search: str, pattern: re.Pattern[str] | None, first_only: bool) -> None:
        self.kind = kind
        self.search = search  # the pattern as written; may hold NEXT_YEAR
        self.pattern = pattern  # compiled, when it does not depend on the year
        self.first_only = first_only

    def matches(self, heading: str, year: int | None) -> bool:
        if self.pattern is not None:
            return self.pattern.search(heading) is not None
        return year is not None and re.search(self.search.replace(NEXT_YEAR, str(year + 1)), heading) is not None


#: What a metadata-table label gives the fact file (templates/import.yaml `metadata_table`).
META_FIELDS = ("title", "doc_number", "date", "agency", "other")
#: Punctuation and digits: a navigation bar's words hold none.
_NOT_MENU = re.compile(r"[\d，。、；：:;,.!?！？“”\"'《》（）()【】\[\]<>＞»>—-]")
_MENU_SEP = re.compile(r"[\s|｜·•/]+")


def _spaced(word: str) -> str:
    """A label as a pattern that allows spaces between its characters ("索 引 号")."""
    return r"\s*".join(re.escape(ch) for ch in word)


def _meta_label_pattern(labels: dict[str, str]) -> re.Pattern[str]:
    """A metadata-table label at the start of a line or after a space, "-", "•" or "|": "索 引 号："
    or "【发文机关】" (a bracketed label needs no colon)."""
    words = "|".join(_spaced(w) for w in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?:^|(?<=[\s\-•·|｜]))(?:[【\[](?P<blabel>{words})[】\]]\s*[:：]?|(?P<label>{words})\s*[:：])")


class ImportRules(Frozen):
    __slots__ = ("furniture", "link_list", "title_words", "signature_suffixes", "closing_starts", "run_in_max_chars",
                 "section_kinds", "meta_labels", "meta_label", "nav_min_words", "nav_max_word_chars",
                 "publication_marker", "title_shapes", "agency_extensions")

    def __init__(self, *, furniture: tuple[tuple[str, re.Pattern[str]], ...], link_list: tuple[re.Pattern[str], ...],
                 title_words: tuple[str, ...], signature_suffixes: tuple[str, ...], closing_starts: tuple[str, ...],
                 run_in_max_chars: int, section_kinds: tuple[KindPattern, ...], meta_labels: dict[str, str],
                 meta_label: re.Pattern[str], nav_min_words: int, nav_max_word_chars: int,
                 publication_marker: re.Pattern[str], title_shapes: tuple[re.Pattern[str], ...],
                 agency_extensions: dict[str, tuple[str, ...]]) -> None:
        self.furniture = furniture  # (label, whole-line pattern)
        self.link_list = link_list
        self.title_words = title_words
        self.signature_suffixes = signature_suffixes
        self.closing_starts = closing_starts
        self.run_in_max_chars = run_in_max_chars
        self.section_kinds = section_kinds
        self.meta_labels = meta_labels  # metadata-table label -> field (META_FIELDS)
        self.meta_label = meta_label  # one label and its colon, anywhere in a line
        self.nav_min_words = nav_min_words
        self.nav_max_word_chars = nav_max_word_chars
        self.publication_marker = publication_marker  # a marker and its colon, anywhere in a line
        self.title_shapes = title_shapes
        self.agency_extensions = agency_extensions  # place-name ending -> what the full name adds

    def meta_pairs(self, text: str) -> list[tuple[str, str]] | None:
        """The (field, value) pairs of a text made only of metadata-table "label：value" pairs (a
        "-" or "•" may stand between them); None when anything else stands before the first label."""
        found = list(self.meta_label.finditer(text))
        if not found or text[: found[0].start()].strip(" -•·|\t"):
            return None
        pairs = []
        for k, m in enumerate(found):
            end = found[k + 1].start() if k + 1 < len(found) else len(text)
            label = re.sub(r"\s", "", m.group("label") or m.group("blabel"))
            pairs.append((self.meta_labels[label], text[m.end():end].strip(" -•·|\t\n")))
        return pairs

    def bare_meta_label(self, text: str) -> bool:
        """A metadata-table label alone, without its colon ("索 引 号", "发文机关")."""
        return re.sub(r"\s", "", text) in self.meta_labels

    def is_navigation_bar(self, text: str) -> bool:
        """Menu words in a row: "首   页 政务资讯 政府信息公开 政务服务 政民互动"."""
        if _NOT_MENU.search(text):
            return False
        words = [w for w in _MENU_SEP.split(text) if w]
        if len(words) < self.nav_min_words or any(len(w) > self.nav_max_word_chars for w in words):
            return False
        return sum(len(w) for w in words) >= 2 * self.nav_min_words  # "首 页" counts as two short words

    def reads_as_title(self, text: str) -> bool:
        return any(p.search(text) for p in self.title_shapes)

    def full_names(self, name: str) -> list[str]:
        """The full names a place name may stand for: "某某镇" -> ["某某镇人民政府", "某某镇党委"]."""
        return [name + word for end, words in self.agency_extensions.items() if name.endswith(end) for word in words]

    def kind_matches(self, kind: str, text: str) -> bool:
        """Whether `text` names the statutory part `kind` by one of its own patterns (not first_only)."""
        return any(e.kind == kind and not e.first_only and e.matches(text, None) for e in self.section_kinds)

    def furniture_label(self, line: str) -> str | None:
        for label, pattern in self.furniture:
            if pattern.fullmatch(line):
                return label
        return None

    def is_link_line(self, line: str) -> bool:
        return any(p.fullmatch(line) for p in self.link_list)

    def section_kind(self, heading: str, *, first: bool, year: int | None = None) -> str | None:
        """The statutory kind a top-level heading names, or None for a thematic heading.

        `first`: the heading is the report's first part; `year`: the report year, which patterns
        naming the next year need (they never match without it). `import` and `check` both use this.
        """
        for entry in self.section_kinds:
            if entry.first_only and not first:
                continue
            if entry.matches(heading, year):
                return entry.kind
        return None


@cache
def import_rules() -> ImportRules:
    data = load_data(template_path("import.yaml"))
    furniture = tuple((group["label"], re.compile(p.replace(DATE, DATE_CN.pattern)))
                      for group in data["furniture"] for p in group["line"])
    kinds = tuple(
        KindPattern(kind, entry["search"], None if NEXT_YEAR in entry["search"] else re.compile(entry["search"]),
                    bool(entry.get("first_only", False)))
        for kind, entries in data["section_kinds"].items()
        for entry in entries
    )
    labels = {word: what for what in META_FIELDS for word in data["metadata_table"][what]}
    return ImportRules(
        furniture=furniture,
        link_list=tuple(re.compile(p) for p in data["link_list"]),
        title_words=tuple(data["title_words"]),
        signature_suffixes=tuple(sorted(data["signature_suffixes"], key=len, reverse=True)),
        closing_starts=tuple(data["closing_starts"]),
        run_in_max_chars=int(data["run_in_max_chars"]),
        section_kinds=kinds,
        meta_labels=labels,
        meta_label=_meta_label_pattern(labels),
        nav_min_words=int(data["navigation_bar"]["min_words"]),
        nav_max_word_chars=int(data["navigation_bar"]["max_word_chars"]),
        publication_marker=re.compile(r"\s*(?P<marker>" + "|".join(
            map(re.escape, sorted(data["publication_markers"], key=len, reverse=True))) + r")\s*[:：]"),
        title_shapes=tuple(re.compile(p) for p in data["title_shapes"]),
        agency_extensions={end: tuple(words) for end, words in data["agency_extensions"].items()},
    )
