"""drafter.text.encoding: UTF-16 and UTF-32, with or without a byte-order mark, are told from UTF-8,
GBK and binary by their marks and the places of their NUL bytes (issue 13 item 14)."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafter.text.encoding import only_nul, sniff
from tests.helpers.samples import MINIMAL

REPORT = "龙泉市科学技术局关于2023年度法治政府建设情况的报告\n一、主要举措\n认真贯彻落实，推进依法行政。\n"
_MARKS = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
          "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("marked", [True, False], ids=["bom", "no-bom"])
@pytest.mark.parametrize("text", [MINIMAL, REPORT], ids=["fact-file", "report"])
def test_utf16_and_utf32_in_either_order_are_recognised(codec: str, marked: bool, text: str) -> None:
    bom = _MARKS[codec] if marked else b""
    found = sniff(bom + text.encode(codec))
    assert found is not None and (found.codec, found.bom) == (codec, bom)


@pytest.mark.parametrize(("codec", "bom", "name"), [
    ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16"),  # Notepad's "Unicode"
    ("utf-16-le", b"", "UTF-16 LE（无 BOM）"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16 BE"),
    ("utf-32-le", codecs.BOM_UTF32_LE, "UTF-32 LE"),
    ("utf-32-be", b"", "UTF-32 BE（无 BOM）"),
    ("utf-8", codecs.BOM_UTF8, "UTF-8（带 BOM）"),
])
def test_the_user_is_told_the_encoding_and_byte_order(codec: str, bom: bytes, name: str) -> None:
    found = sniff(bom + REPORT.encode(codec))
    assert found is not None and found.name == name


@pytest.mark.parametrize("data", [
    MINIMAL.encode("utf-8"),
    MINIMAL.encode("gb18030"),
    MINIMAL.replace("依法履行职能", "依法\0履行职能").encode("utf-8"),  # a stray NUL in UTF-8 text
    ("认真\0贯彻" * 3).encode("gb18030"),
    bytes(range(256)) * 8,  # binary: NULs, but in no text's places
    b"",
])
def test_utf8_gbk_and_binary_are_left_to_the_caller(data: bytes) -> None:
    assert sniff(data) is None


def test_a_utf32_mark_is_not_taken_for_utf16_and_a_utf16_one_with_a_nul_is_not_utf32() -> None:
    utf32 = sniff(codecs.BOM_UTF32_LE + REPORT.encode("utf-32-le"))
    assert utf32 is not None and utf32.codec == "utf-32-le"
    utf16_then_nul = sniff(codecs.BOM_UTF16_LE + "\0".encode("utf-16-le") + REPORT.encode("utf-16-le"))
    assert utf16_then_nul is not None and utf16_then_nul.codec == "utf-16-le"


def test_a_damaged_file_is_still_recognised_so_that_the_damage_can_be_located() -> None:
    found = sniff(REPORT.encode("utf-16-be")[:-1])
    assert found is not None and found.codec == "utf-16-be"


def test_only_nul_bytes() -> None:
    assert only_nul(b"\0") and only_nul(b"\0" * 4096)
    assert not only_nul(b"") and not only_nul(b"\0a\0")


def test_a_fact_file_with_emoji_and_extension_b_characters_is_recognised() -> None:
    """Surrogate pairs put NULs in UTF-16's low byte too (U+1F600 is D83D DE00): the keys and indentation
    of a fact file still outnumber them."""
    text = MINIMAL.replace("严格落实规范性文件前置审核。", "严格落实审核😀👍🏽🇨🇳，𠀀𠮷𪚥𫟦𬺰𰻞（扩展B–G）与䶮。")
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        found = sniff(text.encode(codec))
        assert found is not None and found.codec == codec


#: What a report or fact file is written in: hanzi, full-width punctuation, digits, some Latin and spaces.
_REPORT_CHARS = st.sampled_from(list("认真贯彻落实中央全面依法治国委员会系列会议精神二三，。；：（）“”、0123456789 abcXYZ:-#"))


@given(st.text(_REPORT_CHARS, min_size=1, max_size=60), st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le",
                                                                        "utf-32-be"]))
def test_any_text_with_line_breaks_is_recognised_without_a_mark(words: str, codec: str) -> None:
    """A fact file or report has a line break at least every few dozen characters."""
    text = "\n".join([words] * 3) + "\n"
    found = sniff(text.encode(codec))
    assert found is not None and found.codec == codec
    assert sniff(text.encode("utf-8")) is None and sniff(text.encode("gb18030")) is None


def test_utf8_with_many_stray_nuls_is_not_taken_for_utf16() -> None:
    """NULs at random places (one in fifty characters) fall on both byte positions alike."""
    text = "".join(ch + ("\0" if i % 50 == 7 else "") for i, ch in enumerate(MINIMAL * 3))
    assert sniff(text.encode("utf-8")) is None


def test_binary_data_with_nuls_in_one_byte_position_is_not_taken_for_utf16() -> None:
    """A picture's bytes decode as UTF-16 into private-use and unassigned code points, not into text."""
    assert sniff(bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(range(256)) * 4) is None


def test_a_single_line_without_a_line_break_is_recognised() -> None:
    found = sniff("<html><body><h1>区科技局2021年法治政府建设情况</h1></body></html>".encode("utf-16-le"))
    assert found is not None and found.codec == "utf-16-le"
