"""The questions data (prompts/report.yaml) stays in sync with the model, the examples and the code."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest
from jinja2.sandbox import SandboxedEnvironment

from drafter.facts import Agency, Facts, Item, Section
from drafter.questions import QUESTION_TYPES, help_text, load_spec, parse_ref, resolve_example
from drafter.sections import section_kinds

from .conftest import ROOT

SPEC = load_spec()
ALL = SPEC.all_questions()


def test_parts_follow_the_statutory_order():
    targets = [p.target for p in SPEC.parts if p.target != "root"]
    assert targets == list(section_kinds())
    assert [p.id for p in SPEC.parts[:2]] == ["basics", "preamble"]
    assert SPEC.parts[0].questions[0].key == "agency.name"


def _model_for(key_owner: str):
    return {"root": Facts, "section": Section, "item": Item}[key_owner]


def test_every_question_key_is_a_field_of_the_fact_model():
    def check(q, model):
        parts = q.key.split(".")
        if parts[0] == "agency":
            model, parts = Agency, parts[1:]
        assert parts[0] in model.model_fields, f"{q.key} is not a field of {model.__name__}"

    for part in SPEC.parts:
        for q in part.questions:
            check(q, Facts if part.target == "root" else Section)
    for name, form in SPEC.forms.items():
        for q in form:
            check(q, Section if name == "thematic" else Item)


@pytest.mark.parametrize("q", ALL, ids=lambda q: q.key + ":" + q.message[:8])
def test_every_question_is_complete(q):
    assert q.type in QUESTION_TYPES
    assert q.message or q.type == "group"
    assert q.guidance, "every question says what the regulation expects"
    env = SandboxedEnvironment()
    if q.when:
        env.compile_expression(q.when)
    if isinstance(q.default, str) and "{{" in q.default:
        env.from_string(q.default).render(today=dt.date(2025, 2, 1), previous=None, facts={}, answers={})


REFS = sorted({ref for q in ALL for ref in q.examples})


@pytest.mark.parametrize("ref", REFS)
def test_every_example_reference_resolves_to_a_real_excerpt(ref):
    slug, _ = parse_ref(ref)
    assert (ROOT / "examples" / slug / "facts.yaml").is_file()
    excerpt = resolve_example(ref)
    assert excerpt.text.strip()
    assert excerpt.source.endswith("年度")


def test_every_text_question_has_at_least_one_excerpt_where_the_examples_have_one():
    without = [q.key for p in SPEC.parts for q in p.questions
               if q.type in ("line", "paragraphs") and not q.examples and p.id != "other"]
    assert without == []


def test_excerpt_follows_the_example_file_not_a_copy():
    excerpt = resolve_example("longquan-2023: sections[0].items[0]")
    assert excerpt.text.startswith("【小标题】强化组织领导，坚持民主决策")
    shown = help_text(SPEC.parts[2].questions[1])
    assert "认真贯彻落实习近平总书记关于法治建设" in shown and "examples/longquan-2023" in shown


def test_only_the_prompter_imports_questionary_or_prompt_toolkit():
    pattern = re.compile(r"^\s*(import|from)\s+(questionary|prompt_toolkit)\b", re.M)
    importers = sorted(p.name for p in (ROOT / "drafter").glob("*.py") if pattern.search(p.read_text("utf-8")))
    assert importers == ["prompter.py"]


def test_starting_the_cli_does_not_import_questionary():
    code = ("import sys, drafter.cli, drafter.wizard; "
            "print(any(m.startswith(('questionary', 'prompt_toolkit')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
