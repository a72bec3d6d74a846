"""What is being typed, kept beside the fact file so that nothing typed is ever lost.

`2025.yaml` gets `2025.yaml.draft` (JSON: the question's id and the text typed so far) when
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
        if path is not None and path.exists():
            try:
                data = json.loads(path.read_text("utf-8"))
                self.at, self.text = str(data.get("at", "")), str(data.get("text", ""))
                self.offers = {str(k): str(v) for k, v in (data.get("offers") or {}).items()}
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
        """Remember the question `at` and what was typed there (written at once)."""
        self.at, self.text = at, text
        self._write()

    def offer(self, offers: dict[str, str]) -> None:
        """Starting texts for questions not yet answered (kept until each is answered)."""
        self.offers.update({k: v for k, v in offers.items() if v.strip()})
        self._write()

    def clear(self, at: str | None = None) -> None:
        """Forget the draft (only if it belongs to `at`, when given) and that question's starting text;
        the file goes once nothing is left in it."""
        changed = at is not None and self.offers.pop(at, None) is not None
        if at is None or at == self.at:
            changed = changed or bool(self.at or self.text)
            self.at, self.text = "", ""
        if changed or at is None:
            self._write()

    def _write(self) -> None:
        if self.path is None:
            return
        if not (self.at or self.text or self.offers):
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            return
        data: dict[str, object] = {"at": self.at, "text": self.text}
        if self.offers:
            data["offers"] = self.offers
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
