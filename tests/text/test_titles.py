"""Title line breaks: 梯形 or 菱形, never an hourglass (issue 20, observation 4)."""

from __future__ import annotations

import itertools

import pytest

from drafter.text.titles import break_title, is_hourglass
from drafter.text.width import text_width

AGENCIES = ["某某市某某区市场监督管理局", "某某市科学技术局", "某某县人民政府办公室", "某某市某某区司法局",
            "某某省某某市某某区某某街道综合行政执法队"]
MIDDLES = ["2024年度法治政府建设工作情况", "2024年度法治政府建设情况和2025年度工作安排",
           "2024年度推进依法行政工作情况", "2024年度法治政府建设工作情况及下一步工作安排",
           "2024年度行政执法统计情况", "2024年度重大行政决策事项目录清单及公众参与专家论证风险评估情况"]
ENDS = ["的报告", "报告", "的情况报告"]


def _widths(title: str, agency: str) -> list[float]:
    return [text_width(line) for line in break_title(title, agency)]


def test_the_observed_hourglass_title_is_a_trapezoid_now():
    """break_title gave 13/12/15 for this title; it is cut at word boundaries into 15/14/11."""
    title = "某某市某某区市场监督管理局关于2024年度法治政府建设工作情况及下一步工作安排的报告"
    lines = break_title(title, "某某市某某区市场监督管理局")
    assert lines == ["某某市某某区市场监督管理局关于", "2024年度法治政府建设工作情况", "及下一步工作安排的报告"]


@pytest.mark.parametrize("agency", AGENCIES)
def test_no_title_breaks_into_an_hourglass(agency):
    for middle, end in itertools.product(MIDDLES, ENDS):
        for title in (agency + "关于" + middle + end, agency + middle + end):
            widths = _widths(title, agency)
            assert not is_hourglass(widths), (title, widths)
            assert all(w <= 20 for w in widths) and "".join(break_title(title, agency)) == title


def test_words_of_an_attachment_title_stay_whole():
    """The run 重大行政决策…汇总表 has no break point the title knew: it was cut in 公众参|与."""
    lines = break_title("2023年度龙泉市科学技术局重大行政决策事项目录清单及公众参与专家论证风险评估情况汇总表",
                        "龙泉市科学技术局")
    assert lines == ["2023年度龙泉市科学技术局", "重大行政决策事项目录清单及", "公众参与专家论证风险评估情况汇总表"]


@pytest.mark.parametrize("widths, hourglass", [([13, 8, 13], True), ([13, 12, 15], True), ([12, 13, 15], False),
                                               ([15, 14, 11], False), ([12, 16, 12], False), ([20, 20], False)])
def test_hourglass_shape(widths, hourglass):
    assert is_hourglass(widths) is hourglass
