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
        if path is not None and path.exists():
            try:
                data = json.loads(path.read_text("utf-8"))
                self.at, self.text = str(data.get("at", "")), str(data.get("text", ""))
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
        if self.path is not None:
            atomic_write_text(self.path, json.dumps({"at": at, "text": text}, ensure_ascii=False, indent=1) + "\n")

    def clear(self, at: str | None = None) -> None:
        """Forget the draft (only if it belongs to `at`, when given) and remove its file."""
        if at is not None and at != self.at:
            return
        self.at, self.text = "", ""
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
