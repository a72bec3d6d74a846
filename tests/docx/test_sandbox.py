"""A user's --template (issue 13 items 1-2): plain data only, whitelists, a bounded render."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from drafter.docx import jinjaenv
from drafter.docx.archive import MAX_MEMBERS, check_archive
from drafter.docx.jinjaenv import SAFE_FILTERS, SAFE_TESTS, RenderGuard, TemplateLimitError, environment, plain
from drafter.docx.layout import layout
from drafter.docx.render import render_docx
from drafter.errors import InputFileError, TemplateFileError
from drafter.factfile.model import parse_facts
from tests.e2e.test_crash_safety import _template_with
from tests.helpers.samples import MINIMAL, ROOT

FACTS = parse_facts(MINIMAL).facts


def _last_paragraph(data: bytes) -> str:
    return docx.Document(io.BytesIO(data)).paragraphs[-1].text


def _render(tmp_path: Path, expression: str) -> str:
    return _last_paragraph(render_docx(FACTS, template=_template_with(tmp_path, expression)))


def test_the_template_sees_plain_data_not_model_objects():
    context = plain({"facts": FACTS, "blocks": layout(FACTS)})

    def kinds(value: object) -> set[type]:
        if isinstance(value, dict):
            return {dict}.union(*(kinds(v) for v in value.values()))
        if isinstance(value, list):
            return {list}.union(*(kinds(v) for v in value))
        return {type(value)}

    assert kinds(context) <= {dict, list, str, int, float, bool, type(None)}
    assert context["facts"]["year"] == 2023 and context["blocks"][0]["kind"]


@pytest.mark.parametrize("expression", [
    "{{ facts.parse_raw('x', content_type='application/pickle', allow_pickle=True) }}",
    "{{ facts.agency.parse_file('/etc/hostname').name }}",
    "{{ facts.model_dump_json() }}",
    "{{ facts.effective_title() }}",
    "{{ blocks[0].kind.format_map({}) }}",
])
def test_no_method_of_the_model_is_reachable(tmp_path: Path, expression: str):
    with pytest.raises(TemplateFileError) as caught:
        _render(tmp_path, expression)
    assert "localhost" not in caught.value.message and "root:" not in caught.value.message


def test_a_mapping_key_wins_over_a_method_of_the_same_name(tmp_path: Path):
    # sections have a key `items`: the template means the list, not dict.items
    assert _render(tmp_path, "{% for s in facts.sections %}{{ s.items | length }}{% endfor %}") == "2001"
    assert _render(tmp_path, "{{ facts.agency.name.strip() }}{{ facts.agency.get('name') }}") == \
        "龙泉市科学技术局龙泉市科学技术局"


def test_only_whitelisted_filters_tests_and_globals():
    env = environment(sandboxed=True)
    assert set(env.filters) == SAFE_FILTERS and set(env.tests) == SAFE_TESTS
    assert set(env.globals) == {"range", "dict"}
    for dangerous in ("safe", "center", "indent", "format", "wordwrap", "batch", "attr", "xmlattr", "random"):
        assert dangerous not in env.filters


@pytest.mark.parametrize("expression,message", [
    ('{{ "%999999999d" % 1 }}', "“%”格式的宽度过大"),
    ('{{ "%.999999999f" % 1 }}', "“%”格式的宽度过大"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "range() 共产生的元素超过"),
    ("{% for i in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}", "渲染结果超过"),
    ("{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% endif %}{% endmacro %}{{ f('xxxxxxxx', 40) }}",
     "传给函数或宏的内容过大"),
])
def test_a_render_that_grows_is_refused_in_chinese(tmp_path: Path, expression: str, message: str):
    with pytest.raises(TemplateFileError) as caught:
        _render(tmp_path, expression)
    assert message in caught.value.message and "模板渲染超出了限制" in caught.value.message


def test_a_render_that_runs_too_long_is_stopped(tmp_path: Path, monkeypatch):
    """No range, no output, no call: only the watchdog can stop five nested loops over a text."""
    monkeypatch.setattr(jinjaenv, "MAX_RENDER_SECONDS", 0.3)
    loops = "{% set s = facts.preamble | join %}" + "{% for c in s %}" * 5 + "{% endfor %}" * 5
    with pytest.raises(TemplateFileError) as caught:
        _render(tmp_path, loops)
    assert "渲染时间超过 0.3 秒" in caught.value.message
    assert _render(tmp_path, "{{ facts.year }}") == "2023"  # the guard is gone: the next render works


def test_a_render_that_grows_the_process_is_stopped(tmp_path: Path, monkeypatch):
    """The watchdog reads the resident size; here it reads a process that grows by 100 MB a look."""
    sizes = iter(range(0, 10**15, 100 * 1024 * 1024))
    monkeypatch.setattr(jinjaenv, "_resident_bytes", lambda: next(sizes))
    monkeypatch.setattr(jinjaenv, "MAX_MEMORY_GROWTH", 250 * 1024 * 1024)
    loops = "{% set s = facts.preamble | join %}" + "{% for c in s %}" * 5 + "{% endfor %}" * 5
    with pytest.raises(TemplateFileError) as caught:
        _render(tmp_path, loops)
    assert "渲染占用的内存超过 250 MB" in caught.value.message


@pytest.mark.parametrize("expression,message", [
    ("{{ ('x' * 1000000) | replace('x', 'x' * 100000) }}", "replace 的结果过大"),
    ("{{ range(100000) | join('x' * 1000000) }}", "join 的结果过大"),
    ("{{ facts.sections | map(attribute='kind') | join('x' * 1000000) | list | join('y' * 1000000) }}", "join 的结果过大"),
    ("{{ ('x' * 1000000).replace('x', 'yy') }}", "出于安全考虑已拒绝渲染"),
])
def test_a_single_filter_call_cannot_build_a_giant_string(tmp_path: Path, expression: str, message: str):
    with pytest.raises(TemplateFileError) as caught:
        _render(tmp_path, expression)
    assert message in caught.value.message


def test_the_guard_leaves_no_pending_stop_behind():
    with pytest.raises(TemplateLimitError), RenderGuard(seconds=0.05):
        while True:
            pass
    total = 0
    for n in range(200_000):  # the exception, once taken back, never arrives later
        total += n
    assert total == sum(range(200_000))


def test_a_template_without_placeholders_is_refused(tmp_path: Path):
    doc = docx.Document()
    doc.add_paragraph("没有标记")
    path = tmp_path / "空模板.docx"
    doc.save(str(path))
    with pytest.raises(TemplateFileError, match="模板中没有任何"):
        render_docx(FACTS, template=path)


def test_an_archive_with_too_many_members_is_refused_before_parsing(tmp_path: Path):
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as zf:
        for n in range(MAX_MEMBERS + 1):
            zf.writestr(f"p{n}.xml", b"<a/>")
    with pytest.raises(InputFileError, match="个部件"):
        check_archive(path, path)
    check_archive(b"not a zip", path)  # not a zip: left to the caller's own message


def test_a_template_that_is_a_zip_bomb_is_refused(tmp_path: Path):
    path = tmp_path / "炸弹模板.docx"
    with zipfile.ZipFile(ROOT / "templates" / "report.docx") as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        with out.open("word/media/big.png", "w", force_zip64=True) as big:
            for _ in range(70):
                big.write(bytes(1024 * 1024))
    with pytest.raises(InputFileError, match="不像是正常的 Word 文档"):
        render_docx(FACTS, template=path)


@pytest.mark.parametrize(("expression", "message"), [
    ("{{ agency.name }}", "模板用到了不存在的变量“agency”"),
    ("{{ facts.agency.nickname }}", "模板用到了不存在的内容“nickname”"),
])
def test_an_undefined_name_is_named_in_chinese(tmp_path: Path, expression: str, message: str):
    with pytest.raises(TemplateFileError) as caught:
        _render(tmp_path, expression)
    assert message in caught.value.message and "可用的变量只有 facts" in caught.value.message
