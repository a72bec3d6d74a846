"""The questions data (prompts/report.yaml) stays in sync with the model, the examples and the code."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest
from jinja2.sandbox import SandboxedEnvironment

from drafter.factfile.model import Agency, Facts, Item, Section
from drafter.factfile.sections import section_kinds
from drafter.interview.questions import (
    QUESTION_TYPES,
    SpecError,
    help_text,
    load_spec,
    parse_ref,
    parse_spec,
    resolve_example,
)
from tests.helpers.samples import ROOT

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
    assert excerpt.source.endswith("年度报告")


def test_every_text_question_has_at_least_one_excerpt_where_the_examples_have_one():
    without = [q.key for p in SPEC.parts for q in p.questions
               if q.type in ("line", "paragraphs") and not q.examples and p.id != "other"]
    assert without == []


def test_excerpt_follows_the_example_file_not_a_copy():
    excerpt = resolve_example("longquan-2023: sections[0].items[0]")
    assert excerpt.text.startswith("【小标题】强化组织领导，坚持民主决策")
    shown = help_text(SPEC.parts[2].questions[1])
    assert "认真贯彻落实习近平总书记关于法治建设" in shown
    # labelled for people: agency, year, part, item (no "examples/…: sections[0]" paths)
    assert "【示例】龙泉市科学技术局 2023年度报告·主要举措和成效·第1条\n" in shown
    assert "sections[" not in shown and "examples/" not in shown


def test_only_the_prompter_imports_questionary_or_prompt_toolkit():
    pattern = re.compile(r"^\s*(import|from)\s+(questionary|prompt_toolkit)\b", re.M)
    importers = sorted(p.relative_to(ROOT / "drafter").as_posix() for p in (ROOT / "drafter").rglob("*.py")
                       if pattern.search(p.read_text("utf-8")))
    assert importers == ["interview/terminal.py"]


def test_starting_the_cli_does_not_import_questionary():
    code = ("import sys, drafter.cli, drafter.interview.wizard; "
            "print(any(m.startswith(('questionary', 'prompt_toolkit')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_section_parts_take_their_kinds_and_titles_from_sections_yaml():
    kinds = section_kinds()
    assert {p.target: p.title for p in SPEC.parts if p.target != "root"} == {k: v.label for k, v in kinds.items()}
    spec = parse_spec({"parts": [{"id": "plans", "target": "plans", "questions": []}]})
    assert spec.parts[0].title == "下一年度主要安排"
    with pytest.raises(SpecError, match="unknown target"):
        parse_spec({"parts": [{"id": "x", "target": "thematic", "questions": []}]})
    with pytest.raises(SpecError, match="needs a title"):
        parse_spec({"parts": [{"id": "x", "target": "root", "questions": []}]})


def test_repeated_questions_are_written_once_and_merged():
    text = (ROOT / "prompts/report.yaml").read_text("utf-8")
    assert text.count("这一部分的标题（直接回车使用默认标题") == 1
    assert text.count("小标题与正文接排在同一段吗") == 1
    headings = [q for p in SPEC.parts for q in p.questions if q.key == "heading"]
    assert len(headings) == 4
    assert len({(q.type, q.message, q.when, q.empty_ok, q.omit_empty) for q in headings}) == 1
    assert len({q.guidance for q in headings}) == 4  # each part keeps its own guidance
    run_ins = [q for form in SPEC.forms.values() for q in form if q.key == "run_in"]
    assert len(run_ins) == 3 and all(q.resume_skip and q.when == "answers.text" for q in run_ins)
    assert "shared" not in {p.id for p in SPEC.parts}


def test_every_heading_and_name_question_applies_the_fact_models_rule():
    """The wizard refuses "（二）坚持依法决策" and "某局。" as the fact model (and so check and build) do."""
    from drafter.interview.answers import FIELD_CHECKS, convert

    spec = load_spec()
    asked = {q.key: q for q in spec.all_questions()}
    for key, check in FIELD_CHECKS.items():
        if key in asked:
            assert check in asked[key].validate, key
    heading = asked["heading"]
    with pytest.raises(ValueError, match="序号"):
        convert(heading.type, "（二）坚持依法决策", empty_ok=heading.empty_ok, checks=heading.validate)
    name = asked["agency.name"]
    with pytest.raises(ValueError, match="标点"):
        convert(name.type, "龙泉市科学技术局。", empty_ok=False, checks=name.validate)


def test_a_check_the_answers_do_not_know_is_a_spec_error():
    with pytest.raises(SpecError, match="unknown checks"):
        parse_spec({"parts": [{"id": "p", "title": "t", "target": "root",
                               "questions": [{"key": "to", "type": "line", "validate": ["nonsense"]}]}]})
