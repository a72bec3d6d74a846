"""What is being typed, kept beside the fact file so that nothing typed is ever lost.

`2025.yaml` gets `2025.yaml.draft` (JSON: the question's id and the text typed so far, and the
texts typed at questions left with PgUp before they were saved) when
the wizard is interrupted in any way (Ctrl-C, Ctrl-D, a closed window, SIGTERM). The next run
starts at that question with the text prefilled; the file is removed once the answer is saved.
A session interrupted without typing still leaves the position, so a resumed run starts
exactly where it stopped (optional follow-up questions included).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from drafter.fsutil import atomic_write_text

SUFFIX = ".draft"


class Drafts:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.at = ""
        self.text = ""
        self.offers: dict[str, str] = {}  # starting texts by question id (last year's, on carry-over)
        self.earlier: dict[str, str] = {}  # texts typed at other questions, left unsaved by going back
        if path is not None and path.exists():
            try:
                data = json.loads(path.read_text("utf-8"))
                self.at, self.text = str(data.get("at", "")), str(data.get("text", ""))
                self.offers = {str(k): str(v) for k, v in (data.get("offers") or {}).items()}
                self.earlier = {str(k): str(v) for k, v in (data.get("earlier") or {}).items()}
            except (OSError, ValueError, AttributeError):
                pass

    @classmethod
    def beside(cls, facts: Path) -> Drafts:
        facts = Path(facts)
        return cls(facts.with_name(facts.name + SUFFIX))

    @classmethod
    def none(cls) -> Drafts:
        return cls(None)

    def keep(self, at: str, text: str) -> None:
        """Remember the question `at` and what was typed there (written at once); the text typed at the
        question before it, if any, is kept too, so going back never loses a half-written answer."""
        if self.at and self.text and self.at != at:
            self.earlier[self.at] = self.text
        self.earlier.pop(at, None)
        self.at, self.text = at, text
        self._write()

    def keep_aside(self, at: str, text: str) -> None:
        """Keep what was typed at question `at`, which is not the one being asked (a page still
        showing it): it is offered again when that question is asked."""
        if at == self.at:
            self.text = text
        elif text:
            self.earlier[at] = text
        self._write()

    def saved(self, at: str, *, here: bool, written: bool) -> None:
        """What was typed at `at` is in the fact file now (`written`: it changed the file, so the
        starting text is answered too): forget its draft; `here` (the question being asked) keeps
        the position, so an interrupted session resumes at it."""
        before = (self.at, self.text, dict(self.earlier), dict(self.offers))
        self.earlier.pop(at, None)
        if written:
            self.offers.pop(at, None)
        if here:
            if self.at and self.text and self.at != at:
                self.earlier[self.at] = self.text
            self.at, self.text = at, ""
        elif at == self.at:
            self.text = ""
        if (self.at, self.text, self.earlier, self.offers) != before:
            self._write()

    def offer(self, offers: dict[str, str]) -> None:
        """Starting texts for questions not yet answered (kept until each is answered)."""
        self.offers.update({k: v for k, v in offers.items() if v.strip()})
        self._write()

    def typed_at(self, at: str) -> str:
        """What was typed at question `at` and not saved yet ("" if nothing)."""
        return self.text if at == self.at else self.earlier.get(at, "")

    def clear(self, at: str | None = None) -> None:
        """Forget the draft (only if it belongs to `at`, when given) and that question's starting text;
        the file goes once nothing is left in it."""
        changed = at is not None and self.offers.pop(at, None) is not None
        changed = (at is not None and self.earlier.pop(at, None) is not None) or changed
        if at is None:
            self.earlier.clear()
        if at is None or at == self.at:
            changed = changed or bool(self.at or self.text)
            self.at, self.text = "", ""
        if changed or at is None:
            self._write()

    def _write(self) -> None:
        if self.path is None:
            return
        if not (self.at or self.text or self.offers or self.earlier):
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            return
        data: dict[str, object] = {"at": self.at, "text": self.text}
        if self.offers:
            data["offers"] = self.offers
        if self.earlier:
            data["earlier"] = self.earlier
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
