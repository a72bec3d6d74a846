"""Sample data the tests share: the repository root and a minimal valid fact file."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MINIMAL = """\
agency:
  name: 龙泉市科学技术局
year: 2023
date: 2024-01-30
preamble: |
  2023年，龙泉市科学技术局扎实推进依法行政和法治政府建设工作。现将有关情况报告如下：
sections:
  - kind: measures
    items:
      - heading: 强化组织领导，坚持民主决策
        run_in: true
        text: |
          认真贯彻落实中央全面依法治国委员会系列会议精神。
          坚持重大决策科学化民主化法治化。
      - heading: 依法履行职能
        text: 严格落实规范性文件前置审核。
  - kind: problems
    text: 一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。
  - kind: leader
    text: 局主要领导认真履行法治建设第一责任人职责。
  - kind: plans
    items:
      - heading: 深入学习贯彻习近平法治思想
        run_in: true
        text: 抓好领导干部带头学法用法。
"""
