"""`drafter check [--fix] [--dry-run] [--format json]` end to end, on real files read back.

Each fix is tested for two things: the text after --fix passes the check, and nothing else in
the file changed (whole-file comparison, comments, quoting, CRLF and BOM included).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from drafter.cli import main
from drafter.factfile.document import MODELINE_PREFIX
from drafter.factfile.schema import DATA_DIR_ENV, installed_schema_path, schema_text
from drafter.review.checks import check_file
from drafter.text.rules import FIXABLE_CODES
from tests.helpers.samples import MINIMAL, ROOT
from tests.review.test_checks import SEED_003, block

EXAMPLES = ROOT / "examples"

#: Every finding the five curated examples give, and why it is expected. Anything else is a
#: regression (a new false alarm, or a real slip in an example).
EXPECTED_EXAMPLE_FINDINGS: dict[str, list[tuple[str, str, str]]] = {
    # thematic report (2020): no 存在的不足 part and no 下一年度 part in the original; the
    # 第一责任人 content is one sentence of part 一; the web capture has no 成文日期.
    "longgang-2020": [
        ("warning", "missing-part", "sections"),
        ("warning", "missing-part", "sections"),
        ("hint", "leader-folded", "sections"),
        ("hint", "date-missing", ""),
    ],
    # complete statutory report with 文号 and date: nothing to say.
    "longquan-2023": [],
    # thematic report (2021) with leader and plans parts but no 存在的不足 part; no date.
    "binhai-2021": [
        ("warning", "missing-part", "sections"),
        ("hint", "date-missing", ""),
    ],
    # the original has two "五是" in one paragraph (kept verbatim in the example).
    "luohe-2020": [
        ("warning", "ordinal-repeat", "sections[0].items[1].items[6].text"),
    ],
    # the web capture has no 成文日期.
    "jianghai-2019": [
        ("hint", "date-missing", ""),
    ],
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, text: str, name: str = "facts.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def with_measures_text(lines: list[str], extra: str = "") -> str:
    """MINIMAL whose 依法履行职能 item holds `lines` (verbatim seed text) as its paragraphs."""
    return MINIMAL.replace("        text: 严格落实规范性文件前置审核。\n", "        text: " + block(lines, 10) + extra)


# --- the examples --------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", sorted(EXPECTED_EXAMPLE_FINDINGS))
def test_examples_pass_with_only_the_documented_findings(slug: str, capsys: pytest.CaptureFixture[str]):
    path = EXAMPLES / slug / "facts.yaml"
    _, found = check_file(path)
    got = sorted((f.severity, f.code, f.path) for f in found)
    assert got == sorted(EXPECTED_EXAMPLE_FINDINGS[slug])
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    assert "检查通过" in out


# --- check output and exit codes -----------------------------------------------------------------

def test_clean_file_passes(write_facts, capsys: pytest.CaptureFixture[str]):
    path = write_facts(MINIMAL)
    code, out, _ = run(capsys, "check", str(path))
    assert (code, out.strip()) == (0, f"{path}：检查通过，没有发现问题。")


def test_errors_give_exit_code_1_with_located_chinese_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write(tmp_path, with_measures_text([SEED_003[9]]))  # "2 .加大 科技 财 政投入。 近年来,市财政…"
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    line = path.read_text("utf-8").split("\n").index("          " + SEED_003[9]) + 1
    assert f"{path}:{line}:12: 错误: ［sections[0].items[1].text］“2”与“.”之间有多余的空格" in out
    assert re.search(r"共 \d+ 个错误；错误需改正后再报送。其中 \d+ 个可用 drafter check --fix 自动改正。", out)


def test_warnings_alone_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write(tmp_path, MINIMAL.replace("date: 2024-01-30", "date: 2024-03-15"))
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    assert "警告: ［date］成文日期 2024年3月15日 晚于 2024年3月1日" in out
    assert "检查通过（1 个警告）" in out


def test_json_format_for_tools(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write(tmp_path, with_measures_text([SEED_003[14]]))
    code, out, _ = run(capsys, "check", str(path), "--format", "json")
    rows = json.loads(out)
    assert code == 1
    assert {r["code"] for r in rows} >= {"half-width-punct", "stray-space", "ordinal-repeat"}
    rep = next(r for r in rows if r["code"] == "ordinal-repeat")
    assert rep["severity"] == "warning" and rep["path"] == "sections[0].items[1].text"
    assert isinstance(rep["line"], int) and isinstance(rep["column"], int)
    assert set(rep) == {"file", "line", "column", "path", "severity", "code", "message"}


def test_validation_errors_come_first_and_nothing_is_fixed(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    text = MINIMAL.replace("year: 2023", "yaer: 2023").replace("  - kind: leader\n    text: 局主要领导",
                                                                "  - kind: leader\n    text: 局主要领导,")
    path = write(tmp_path, text)
    code, _, err = run(capsys, "check", str(path), "--fix")
    assert code == 1
    assert "［yaer］未知的键，是不是“year”（年度）？" in err
    assert path.read_text("utf-8") == text
    assert list(tmp_path.iterdir()) == [path]
    code, out, _ = run(capsys, "check", str(path), "--format", "json")
    assert code == 1 and "extra_forbidden" in [r["code"] for r in json.loads(out)]


def test_build_prints_review_warnings_but_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    src = tmp_path / "facts.yaml"
    shutil.copy(EXAMPLES / "luohe-2020" / "facts.yaml", src)
    code, out, err = run(capsys, "build", str(src), "-o", str(tmp_path / "out.docx"))
    assert code == 0 and (tmp_path / "out.docx").exists()
    assert "已生成" in out
    assert "“五是”重复出现" in err and "不影响生成" in err


def test_build_with_review_errors_still_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write(tmp_path, with_measures_text([SEED_003[9]]))
    code, _, err = run(capsys, "build", str(path), "-o", str(tmp_path / "out.docx"))
    assert code == 0 and (tmp_path / "out.docx").exists()
    assert "错误" in err and "drafter check --fix" in err


# --- --fix ----------------------------------------------------------------------------------------

def _fixable_lines(path: Path) -> set[int]:
    _, found = check_file(path)
    return {f.line for f in found if f.code in FIXABLE_CODES if f.line}


_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"})


def _normalise(line: str) -> str:
    """A line as --fix may leave it: full-width marks and no spaces in the value (after "- ")."""
    structure = re.match(r"^\s*(?:- )?", line).end()  # type: ignore[union-attr]
    return line[:structure] + re.sub(r"[ \u3000\u00a0]", "", line[structure:].translate(_HALF_TO_FULL))


def test_fix_seed_003_text_passes_and_changes_nothing_else(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    # seed 003 part 一 verbatim (half-width, stray spaces, two 五是), with comments and a list text
    text = with_measures_text(
        SEED_003[3:20],
        extra="        # 注释：以上为漯河市科技局原文\n",
    ).replace("  - kind: leader\n    text: 局主要领导认真履行法治建设第一责任人职责。\n",
              "  - kind: leader  # 第一责任人\n    text:\n      - " + SEED_003[21] + "\n")
    path = write(tmp_path, "# 事实文件（测试）\n" + text)
    before = path.read_text("utf-8")
    changed_expected = _fixable_lines(path)
    assert len(changed_expected) == 18

    code, out, _ = run(capsys, "check", str(path), "--fix")

    assert code == 0  # only the 五是 warning remains
    after = path.read_text("utf-8")
    _, found = check_file(path)
    assert not [f for f in found if f.severity == "error"]
    assert [f.code for f in found] == ["ordinal-repeat"]
    # nothing else changed: same lines, and a changed line differs only by width and spaces
    old_lines, new_lines = before.split("\n"), after.split("\n")
    assert len(old_lines) == len(new_lines)
    changed = {i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True), 1) if a != b}
    assert changed == changed_expected
    for i in changed:
        assert _normalise(old_lines[i - 1]) == _normalise(new_lines[i - 1]) == new_lines[i - 1]
    assert "1.完善政策激励体系。先后出台了" in after
    # the diff, the count and the backup
    backups = sorted(tmp_path.glob("facts.bak-*.yaml"))
    assert len(backups) == 1 and backups[0].read_text("utf-8") == before
    assert f"--- {path}（修改前）" in out and f"+++ {path}（修改后）" in out
    assert "-          1 .完善政策激励 体系。 先后出台了" in out
    assert "+          1.完善政策激励体系。先后出台了" in out
    assert f"原文件已备份为 {backups[0]}" in out
    # fixing again changes nothing
    code, out, _ = run(capsys, "check", str(path), "--fix")
    assert "没有可以自动改正的问题" in out and path.read_text("utf-8") == after
    assert len(list(tmp_path.glob("facts.bak-*.yaml"))) == 1


@pytest.mark.parametrize(("bad", "good"), [
    # punctuation width, parentheses as a pair (seed 003)
    ("先后出台《漯河市科技违规惩戒发布制度(试行)》等4个文件,并在局官方网站开设专栏予以公布;",
     "先后出台《漯河市科技违规惩戒发布制度（试行）》等4个文件，并在局官方网站开设专栏予以公布；"),
    # stray spaces (seed 003 "3 . 提升 研发支持能力 。")
    ("3 . 提升 研发支持能力 。 2017年全市企业研发经费11.1亿元。",
     "3.提升研发支持能力。2017年全市企业研发经费11.1亿元。"),
    # 文号 brackets (seed 004's 文号 written with square brackets and a space)
    ("根据《关于开展法治政府建设年度报告制度落实情况自查等工作通知》（江法治办[2020] 23号）要求。",
     "根据《关于开展法治政府建设年度报告制度落实情况自查等工作通知》（江法治办〔2020〕23号）要求。"),
])
def test_each_fix_repairs_exactly_its_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str, good: str):
    path = write(tmp_path, with_measures_text([bad]))
    before = path.read_text("utf-8")
    code, _, _ = run(capsys, "check", str(path), "--fix")
    assert code == 0
    assert path.read_text("utf-8") == before.replace(bad, good)
    _, found = check_file(path)
    assert found == []


def test_fix_document_number_field_and_quoted_heading(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    text = MINIMAL.replace("date: 2024-01-30\n", "date: 2024-01-30\ndoc_number: '龙科[2024]2号'  # 文号\n")
    text = text.replace("      - heading: 依法履行职能\n", '      - heading: "依法履行职能 , 严格依法行政"\n')
    path = write(tmp_path, text)
    assert run(capsys, "check", str(path))[0] == 1
    code, _, _ = run(capsys, "check", str(path), "--fix")
    assert code == 0
    expected = text.replace("'龙科[2024]2号'", "'龙科〔2024〕2号'").replace('"依法履行职能 , 严格依法行政"',
                                                                     '"依法履行职能，严格依法行政"')
    assert path.read_text("utf-8") == expected


def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write(tmp_path, with_measures_text([SEED_003[14]]))
    before = path.read_bytes()
    code, out, _ = run(capsys, "check", str(path), "--fix", "--dry-run")
    assert code == 1  # the file on disk still has its errors
    assert path.read_bytes() == before and list(tmp_path.iterdir()) == [path]
    assert "+          7.营造宽松政务环境。一是规范行政审批事项。先后制定了" in out
    assert "（--dry-run，未写入文件）" in out
    assert "“五是”重复出现" in out and "half-width" not in out
    code, out, _ = run(capsys, "check", str(path), "--dry-run")  # --dry-run alone previews too
    assert code == 1 and "未写入文件" in out and path.read_bytes() == before


def test_fix_with_json_keeps_stdout_parseable(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write(tmp_path, with_measures_text([SEED_003[14]]))
    code, out, err = run(capsys, "check", str(path), "--fix", "--format", "json")
    assert code == 0
    assert [r["code"] for r in json.loads(out)] == ["ordinal-repeat"]
    assert "已自动改正" in err and "+++" in err


def test_fix_keeps_bom_and_crlf(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    text = with_measures_text([SEED_003[9]])
    path = tmp_path / "facts.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    code, _, _ = run(capsys, "check", str(path), "--fix")
    assert code == 0
    fixed = text.replace(SEED_003[9], "2.加大科技财政投入。近年来，市财政对全市符合激励条件的高新技术企业、工程技术研究中心等奖励资金累计达6413万元。"
                         + SEED_003[9].split("6413万元。", 1)[1].replace(",", "，").replace(";", "；"))
    assert path.read_bytes() == b"\xef\xbb\xbf" + fixed.replace("\n", "\r\n").encode("utf-8")


def test_fix_treats_a_lone_cr_as_a_line_break(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Old Mac line endings (CR only): the YAML reader sees lines, so the fix must too."""
    text = MINIMAL.replace("坚持重大决策科学化民主化法治化。", "坚持重大决策,科学化民主化法治化。")
    path = tmp_path / "facts.yaml"
    path.write_bytes(text.replace("\n", "\r").encode("utf-8"))
    code, out, err = run(capsys, "check", str(path), "--fix")
    assert "Traceback" not in err and code == 0, (out, err)
    fixed = text.replace("坚持重大决策,科学化", "坚持重大决策，科学化")
    assert path.read_bytes() == fixed.replace("\n", "\r").encode("utf-8")
    assert check_file(path)[1] == []


def test_text_that_cannot_be_located_is_left_alone_and_still_reported(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]):
    text = MINIMAL.replace("        text: 严格落实规范性文件前置审核。\n",
                           "        text: 严格落实规范性文件,\n          前置审核。\n")
    path = write(tmp_path, text)
    code, out, _ = run(capsys, "check", str(path), "--fix")
    assert code == 1
    assert path.read_text("utf-8") == text
    assert "另有 2 处无法自动改正" in out


def test_fix_keeps_a_utf16_file_in_utf16(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Notepad's "Unicode" is accepted by check, so --fix must not crash on it or change its encoding."""
    path = tmp_path / "facts.yaml"
    path.write_bytes(with_measures_text([SEED_003[14]]).replace("\n", "\r\n").encode("utf-16"))
    code, out, err = run(capsys, "check", str(path), "--fix")
    assert "Traceback" not in err and "已自动改正" in out
    raw = path.read_bytes()
    assert raw.startswith(b"\xff\xfe") and b"\r\x00\n\x00" in raw
    assert "7.营造宽松政务环境。" in raw.decode("utf-16")
    assert check_file(path)[1] == [f for f in check_file(path)[1] if f.code not in FIXABLE_CODES]


def test_dry_run_verdict_matches_its_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write(tmp_path, MINIMAL.replace("坚持重大决策科学化民主化法治化。", "坚持重大决策,科学化民主化法治化。"))
    assert any(f.severity == "error" for f in check_file(path)[1])
    code, out, _ = run(capsys, "check", str(path), "--dry-run")
    assert code == 1
    assert "检查通过" not in out and "文件尚未修改" in out


def test_review_uses_the_text_it_validated(tmp_path: Path):
    """check() takes columns from the text loaded with the facts, not from a second read."""
    from drafter.factfile.model import load_facts
    from drafter.review.checks import check

    path = write(tmp_path, with_measures_text([SEED_003[14]]))
    loaded = load_facts(path)
    expected = check_file(path)[1]
    path.unlink()
    assert check(loaded) == expected


# --- fix_file itself: what it returns, what it writes, what it refuses ------------------------------------

_COMMA = MINIMAL.replace("坚持重大决策科学化民主化法治化。", "坚持重大决策,科学化民主化法治化。")
_COMMA_FIXED = MINIMAL.replace("坚持重大决策科学化民主化法治化。", "坚持重大决策，科学化民主化法治化。")


def test_fix_file_reads_the_file_itself_and_reports_on_it(tmp_path: Path):
    from drafter.review.fixes import fix_file

    path = write(tmp_path, _COMMA + "doc_number: 龙科〔2023〕2号\n")
    result = fix_file(path)
    assert (result.path, result.changes, result.unlocated, result.written) == (path, 1, 0, True)
    assert result.backup is not None and result.backup.read_bytes() == (_COMMA + "doc_number: 龙科〔2023〕2号\n").encode()
    assert path.read_text("utf-8") == _COMMA_FIXED + "doc_number: 龙科〔2023〕2号\n"
    # what is left after fixing, located in the fixed file by its name
    assert [(f.code, f.file) for f in result.findings] == [("docno-year", str(path))]


def test_the_diff_shows_each_changed_line_once(tmp_path: Path):
    from drafter.review.fixes import fix_file

    path = write(tmp_path, _COMMA)
    result = fix_file(path, dry_run=True)
    line = next(n for n, text in enumerate(_COMMA.split("\n"), start=1) if "决策," in text)
    assert result.diff.split("\n") == [
        f"--- {path}（修改前）", f"+++ {path}（修改后）", f"@@ -{line - 3},7 +{line - 3},7 @@",
        *[" " + text for text in _COMMA.split("\n")[line - 4:line - 1]],
        "-" + _COMMA.split("\n")[line - 1], "+" + _COMMA_FIXED.split("\n")[line - 1],
        *[" " + text for text in _COMMA.split("\n")[line:line + 3]],
    ]
    assert (result.written, result.backup, path.read_text("utf-8")) == (False, None, _COMMA)


@pytest.mark.parametrize(("codec", "bom"), [
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""), ("utf-16-be", b""),
    ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff"), ("utf-32-le", b""), ("utf-32-be", b""),
    ("utf-8", b"\xef\xbb\xbf"), ("utf-8", b""),
])
def test_a_unicode_file_is_written_back_byte_for_byte_in_its_encoding(tmp_path: Path, codec: str, bom: bytes):
    """Byte order, and a byte-order mark exactly when the file had one (issue 13 items 9, 14)."""
    from drafter.review.fixes import fix_file

    path = tmp_path / f"{codec}.yaml"
    path.write_bytes(bom + _COMMA.replace("\n", "\r\n").encode(codec))
    assert fix_file(path).changes == 1
    assert path.read_bytes() == bom + _COMMA_FIXED.replace("\n", "\r\n").encode(codec)


def test_a_fix_on_the_first_line_of_a_file_with_a_bom_lands_on_its_character(tmp_path: Path):
    from drafter.review.fixes import fix_file

    text = "preamble: 加强领导,落实责任。\n" + MINIMAL.replace("preamble: |\n  2023年，龙泉市科学技术局扎实推进依法行政和法治政府建设工作。现将有关情况报告如下：\n", "")
    path = tmp_path / "facts.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert fix_file(path).changes == 1
    assert path.read_bytes() == b"\xef\xbb\xbf" + text.replace("加强领导,落实", "加强领导，落实").encode("utf-8")


def test_every_unlocated_spot_is_counted_and_the_located_ones_are_still_fixed(tmp_path: Path):
    from drafter.review.fixes import fix_file

    folded = "        text: 严格落实规范性文件,\n          前置审核;\n"  # a folded plain scalar: no verified column
    text = _COMMA.replace("        text: 严格落实规范性文件前置审核。\n", folded)
    text = text.replace("        text: 抓好领导干部带头学法用法。\n", "        text: 抓好领导干部带头学法用法,\n          以上率下。\n")
    text += "closing: 总之,继续推进。\n"
    path = write(tmp_path, text)
    result = fix_file(path)
    assert (result.changes, result.unlocated) == (2, 5)  # 3 in the first folded text, 2 in the second
    fixed = path.read_text("utf-8")
    assert "坚持重大决策，科学化" in fixed and "closing: 总之，继续推进。" in fixed
    assert folded in fixed and "抓好领导干部带头学法用法,\n" in fixed


def test_a_file_that_vanished_before_the_fix_is_explained(tmp_path: Path):
    from drafter.errors import InputFileError
    from drafter.factfile.model import load_facts
    from drafter.review.fixes import fix_file

    path = write(tmp_path, _COMMA)
    loaded = load_facts(path)
    path.unlink()
    with pytest.raises(InputFileError) as info:
        fix_file(path, loaded=loaded)
    assert str(info.value) == f"{path}：文件不存在。"  # worded by drafter.inputs, the one reader of user files


def test_a_fix_that_would_break_the_file_is_abandoned_and_the_file_kept(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch):
    """The safety net: the fixed text is validated before it is written."""
    from drafter.errors import DrafterError
    from drafter.review import fixes

    path = write(tmp_path, _COMMA)
    monkeypatch.setattr(fixes, "apply_edits", lambda original, edits: original.replace("year: 2023", "year: 二〇二三"))
    with pytest.raises(DrafterError) as info:
        fixes.fix_file(path)
    assert str(info.value) == f"{path}：自动修改后的文件无法通过校验，已放弃修改（原文件未改动）。"
    assert info.value.findings and all(f.file == str(path) for f in info.value.findings)
    assert path.read_text("utf-8") == _COMMA and list(tmp_path.iterdir()) == [path]


def test_a_fix_whose_values_would_differ_from_the_intended_ones_is_abandoned_and_the_file_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The second safety net: the fixed file must read back as exactly the values the fixes meant."""
    from drafter.errors import DrafterError
    from drafter.review import fixes

    path = write(tmp_path, _COMMA)
    monkeypatch.setattr(fixes, "_expect", lambda raw, ref, spans: None)  # as if the comma were meant to stay
    with pytest.raises(DrafterError) as info:
        fixes.fix_file(path)
    assert str(info.value) == (f"{path}：自动修改后的文件读出的内容与预期不一致，已放弃修改（原文件未改动）。"
                               "请手动改正 drafter check 列出的问题。")
    assert path.read_text("utf-8") == _COMMA and list(tmp_path.iterdir()) == [path]


def test_a_text_reached_twice_through_an_alias_is_fixed_once(tmp_path: Path):
    """The alias stands once in the file: one edit there, and both places read the fixed text."""
    from drafter.factfile.model import load_facts
    from drafter.review.fixes import fix_file

    text = MINIMAL.replace("        text: 严格落实规范性文件前置审核。\n",
                           "        text: &same 严格落实规范性文件 前置审核,严格执法。\n") + "closing: *same\n"
    path = write(tmp_path, text)
    result = fix_file(path)
    assert (result.changes, result.unlocated, result.written) == (2, 0, True)
    assert path.read_text("utf-8") == text.replace("规范性文件 前置审核,严格", "规范性文件前置审核，严格")
    facts = load_facts(path).facts
    assert facts.closing == facts.sections[0].items[1].text == ["严格落实规范性文件前置审核，严格执法。"]


def test_fixing_leaves_the_values_it_was_handed_as_they_were_read(tmp_path: Path):
    """`loaded` is the caller's (drafter check's) reading of the file on disk; the fixer works on a copy."""
    import copy

    from drafter.factfile.model import load_facts
    from drafter.review.fixes import fix_file

    path = write(tmp_path, _COMMA)
    loaded = load_facts(path)
    before = copy.deepcopy(loaded.raw)
    assert fix_file(path, loaded=loaded).written
    assert loaded.raw == before


def test_a_column_that_does_not_hold_the_text_is_never_edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The fixer re-reads each spot before it edits: were a column ever off by one, the file is left
    alone and every such spot is counted as not fixable, not "fixed" in the wrong place."""

    from drafter.review import fixes

    real = fixes.text_refs

    def shifted(loaded, source):
        return [r.replace(column0=r.column0 + 1) if r.column0 is not None else r
                for r in real(loaded, source)]

    monkeypatch.setattr(fixes, "text_refs", shifted)
    text = _COMMA.replace("严格落实规范性文件前置审核。", "严格落实规范性文件,前置审核;") + "closing: 总之,继续推进。\n"
    path = write(tmp_path, text)
    result = fixes.fix_file(path)
    assert (result.changes, result.unlocated, result.written) == (0, 4, False)
    assert path.read_text("utf-8") == text


def test_fix_refused_by_a_validation_error_says_that_nothing_was_changed(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]):
    """The output of `check --fix` was that of `check`: a clerk believed the commas had been fixed."""
    text = MINIMAL.replace("year: 2023", "yaer: 2023").replace("  - kind: leader\n    text: 局主要领导",
                                                                "  - kind: leader\n    text: 局主要领导,")
    path = write(tmp_path, text)
    code, _, err = run(capsys, "check", str(path), "--fix")
    assert code == 1 and path.read_text("utf-8") == text
    assert "--fix 没有修改文件" in err
    code, _, err = run(capsys, "check", str(path))
    assert code == 1 and "--fix" not in err.split("\n")[0]


DEAD = "# yaml-language-server: $schema=file:///nowhere/facts.schema.json\n"


def test_fix_points_a_schema_line_that_names_no_file_at_the_schema(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]):
    """check says the $schema line points nowhere and that --fix repairs it; --fix does, with the
    other fixes, in one backup, and the check printed after it no longer warns."""
    text = DEAD + MINIMAL.replace("  - kind: leader\n    text: 局主要领导", "  - kind: leader\n    text: 局主要领导,")
    path = write(tmp_path, text)
    code, out, _ = run(capsys, "check", str(path))
    assert "$schema 指向的文件不存在" in out and "运行 drafter check --fix 可把它改为：" in out
    code, out, _ = run(capsys, "check", str(path), "--fix")
    installed = installed_schema_path()
    assert code == 0 and path.read_text("utf-8") == text.replace(
        DEAD, f"{MODELINE_PREFIX}{installed.as_uri()}\n").replace("局主要领导,", "局主要领导，")
    assert installed.read_text("utf-8") == schema_text()
    assert "已自动改正 2 处，原文件已备份为 " in out
    assert f"$schema 这一行已改为指向 {installed.as_uri()}，VS Code 等编辑器据此检查和补全这个文件。" in out
    assert "指向的文件不存在" not in out
    (backup,) = tmp_path.glob("facts.bak-*.yaml")
    assert backup.read_text("utf-8") == text


def test_fix_repairs_the_schema_line_of_a_file_with_errors_and_says_only_that(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    """The errors stay for the clerk; the editor, pointed at the schema again, now shows them too."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    text = DEAD + MINIMAL.replace("year: 2023", "yaer: 2023").replace("局主要领导", "局主要领导,")
    path = write(tmp_path, text)
    code, out, err = run(capsys, "check", str(path), "--dry-run")
    assert code == 1 and path.read_text("utf-8") == text and "将改为指向" in out and "--fix 没有修改文件" in err
    assert not installed_schema_path().exists()  # a dry run writes nothing, not even the schema
    code, out, err = run(capsys, "check", str(path), "--fix")
    assert code == 1
    assert path.read_text("utf-8") == text.replace(DEAD, f"{MODELINE_PREFIX}{installed_schema_path().as_uri()}\n")
    assert "$schema 这一行已改为指向" in out and "--fix 只改正了 $schema 这一行：请先手工改正下列错误" in err
    assert "［yaer］" in err and "指向的文件不存在" not in err
    (backup,) = tmp_path.glob("facts.bak-*.yaml")
    installed = installed_schema_path()
    assert installed.read_text("utf-8") == schema_text()  # the line names a file that is there
    assert out.split("\n") == [
        f"--- {path}（修改前）",
        f"+++ {path}（修改后）",
        "@@ -1,4 +1,4 @@",
        "-" + DEAD.rstrip("\n"),
        f"+{MODELINE_PREFIX}{installed.as_uri()}",
        *(" " + line for line in text.split("\n")[1:4]),
        f"{path}：已自动改正 1 处，原文件已备份为 {backup}。",
        f"$schema 这一行已改为指向 {installed.as_uri()}，VS Code 等编辑器据此检查和补全这个文件。",
        "",
    ]


def test_a_dry_run_repairs_a_relative_schema_line_only_on_paper(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch):
    """The reference is relative to the fact file's folder; a dry run installs nothing, and what it says
    remains after the fixes does not include the line it would have repaired."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    dead = "# yaml-language-server: $schema=schema/facts.schema.json\n"
    text = dead + _COMMA
    path = write(tmp_path, text)
    code, out, _ = run(capsys, "check", str(path), "--dry-run")
    assert code == 1 and path.read_text("utf-8") == text and list(tmp_path.iterdir()) == [path]  # the comma
    assert not installed_schema_path().exists()
    assert f"{path}：将自动改正 2 处（--dry-run，未写入文件）" in out
    assert f"$schema 这一行将改为指向 {installed_schema_path().as_uri()}" in out
    assert "指向的文件不存在" not in out


def test_fix_leaves_a_schema_line_that_names_a_file_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    text = f"{MODELINE_PREFIX}{(ROOT / 'schema' / 'facts.schema.json').as_uri()}\n" + MINIMAL
    path = write(tmp_path, text)
    code, out, _ = run(capsys, "check", str(path), "--fix")
    assert code == 0 and path.read_text("utf-8") == text and "$schema" not in out
