"""A realistic, deterministic report for the benchmark: the same facts as YAML and as Markdown.

About 9,500 characters of body text in the four statutory parts with subsections, built from
phrases of real 法治政府建设年度报告 (the five examples and the 2021–2025 纲要's task areas),
so that line breaking, run lengths and XML size look like a real report's (18 pages).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

TARGET_CHARS = 9_500

AGENCIES = ["龙泉市科学技术局", "江海区科学技术局", "滨海新区科学技术局", "漯河市科学技术局", "龙岗区科技创新局",
            "青山区司法局", "东湖区市场监督管理局", "南城区自然资源局", "西江市生态环境局", "北塘县教育局"]

OPENERS = ["坚持以习近平法治思想为指导", "认真贯彻落实中央全面依法治国工作会议精神", "严格落实党政主要负责人履行推进法治建设第一责任人职责",
           "紧紧围绕法治政府建设实施纲要", "按照市委、市政府的统一部署", "坚持把依法行政贯穿于工作全过程",
           "聚焦优化法治化营商环境", "以创建法治政府建设示范单位为抓手"]
ACTIONS = ["健全重大行政决策程序", "落实规范性文件合法性审核机制", "推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度",
           "深化“放管服”改革", "推进“双随机、一公开”监管", "完善法律顾问制度", "加强行政复议和行政应诉工作",
           "开展“八五”普法宣传教育", "推进政务公开标准化规范化", "强化行政执法人员资格管理", "落实“谁执法谁普法”普法责任制",
           "加强科技政策法规宣传解读", "规范涉企行政检查", "推进“互联网+监管”平台应用", "开展公平竞争审查"]
RESULTS = ["全年未发生行政复议被撤销、行政诉讼败诉案件", "行政执法人员持证率达100%", "“双随机、一公开”抽查覆盖率达100%",
           "主动公开政府信息{n}条", "组织专题学法{n}次", "审核各类合同协议{n}份", "办理行政许可事项{n}件，均在法定时限内办结",
           "开展普法宣传活动{n}场，发放宣传资料{n}余份", "清理规范性文件{n}件", "组织执法人员参加培训{n}人次"]
CONNECTORS = ["同时，", "此外，", "在此基础上，", "与此同时，", "一方面，", "另一方面，", ""]
CLOSERS = ["确保各项工作依法有序推进。", "为高质量发展提供了有力法治保障。", "法治政府建设取得新成效。",
           "有效提升了依法行政水平。", "切实增强了干部职工的法治意识。"]
HEADINGS = ["强化组织领导，压实工作责任", "依法全面履行政府职能", "健全依法决策机制", "严格规范公正文明执法",
            "强化行政权力制约和监督", "深化普法宣传教育", "加强法治队伍建设", "优化法治化营商环境",
            "推进政务公开", "依法化解矛盾纠纷"]
PROBLEMS = ["法治建设整体水平有待提升", "运用法治思维和法治方式解决问题的能力还需加强", "普法宣传的深度和广度不够",
            "执法队伍专业化建设存在短板", "规范性文件管理还需进一步规范"]
PLANS = ["深入学习贯彻习近平法治思想", "持续推进严格规范公正文明执法", "加强行政决策合法性审查",
         "创新普法宣传方式", "持续优化法治化营商环境"]


@dataclass
class Item:
    heading: str
    paragraphs: list[str]
    run_in: bool = False
    items: list[Item] = field(default_factory=list)


@dataclass
class Report:
    agency: str
    year: int
    preamble: str
    measures: list[Item]
    problems: list[str]
    leader: list[str]
    plans: list[Item]

    @property
    def title(self) -> str:
        return f"{self.agency}关于{self.year}年度法治政府建设情况的报告"

    def chars(self) -> int:
        def item_chars(items: list[Item]) -> int:
            return sum(len(i.heading) + sum(map(len, i.paragraphs)) + item_chars(i.items) for i in items)

        return (len(self.preamble) + item_chars(self.measures) + sum(map(len, self.problems))
                + sum(map(len, self.leader)) + item_chars(self.plans))


def _sentence(rng: random.Random) -> str:
    result = rng.choice(RESULTS).replace("{n}", str(rng.randint(3, 480)), 1).replace("{n}", str(rng.randint(500, 9000)))
    first, second = rng.sample(ACTIONS, 2)
    return f"{rng.choice(CONNECTORS)}{rng.choice(OPENERS)}，{first}，{second}，{result}，{rng.choice(CLOSERS)}"


def _paragraph(rng: random.Random, sentences: int) -> str:
    return "".join(_sentence(rng) for _ in range(sentences))


def make_report(seed: int = 9704, target: int = TARGET_CHARS) -> Report:
    rng = random.Random(seed)
    agency = AGENCIES[seed % len(AGENCIES)]
    year = 2024
    report = Report(
        agency=agency, year=year,
        preamble=f"{year}年，{agency}{rng.choice(OPENERS)}，扎实推进法治政府建设各项工作。现将有关情况报告如下：",
        measures=[], problems=[], leader=[], plans=[])
    headings = rng.sample(HEADINGS, 7)
    for n, heading in enumerate(headings):
        item = Item(heading, [_paragraph(rng, 3)], run_in=n % 2 == 0)
        if n in (1, 4):
            item.items = [Item(rng.choice(ACTIONS), [_paragraph(rng, 2)], run_in=True) for _ in range(2)]
        report.measures.append(item)
    report.problems = ["我局法治政府建设工作虽然取得了一定成效，但还存在一些不足：" + "；".join(
        f"{'一二三'[i]}是{p}" for i, p in enumerate(rng.sample(PROBLEMS, 3))) + "。", _paragraph(rng, 2)]
    report.leader = [_paragraph(rng, 3), _paragraph(rng, 2)]
    report.plans = [Item(p, [_paragraph(rng, 2)], run_in=True) for p in rng.sample(PLANS, 4)]
    # Grow or trim the measures until the body is close to the target length.
    while report.chars() < target:
        rng.choice(report.measures).paragraphs.append(_paragraph(rng, 2))
    return report


# --- the same content in the two input formats ---------------------------------------------------------


def _yaml_text(lines: list[str], indent: str) -> list[str]:
    return [f"{indent}text: |"] + [f"{indent}  {p}" for p in lines]


def _yaml_items(items: list[Item], indent: str) -> list[str]:
    out = [f"{indent}items:"]
    for item in items:
        out.append(f"{indent}  - heading: {item.heading}")
        if item.run_in:
            out.append(f"{indent}    run_in: true")
        out += _yaml_text(item.paragraphs, indent + "    ")
        if item.items:
            out += _yaml_items(item.items, indent + "    ")
    return out


def to_yaml(report: Report) -> str:
    lines = [
        "agency:", f"  name: {report.agency}", f"year: {report.year}", "to: 市人民政府",
        f"doc_number: 法〔{report.year + 1}〕3号", f"date: {report.year + 1}-02-20",
        "preamble: |", f"  {report.preamble}", "sections:",
        "  - kind: measures", *_yaml_items(report.measures, "    "),
        "  - kind: problems", *_yaml_text(report.problems, "    "),
        "  - kind: leader", *_yaml_text(report.leader, "    "),
        "  - kind: plans", *_yaml_items(report.plans, "    "),
    ]
    return "\n".join(lines) + "\n"


_NUM2 = "一二三四五六七八九十"


def _md_items(items: list[Item], depth: int) -> list[str]:
    out = []
    for n, item in enumerate(items):
        label = f"（{_NUM2[n]}）" if depth == 1 else f"{n + 1}."
        if item.run_in:
            first, rest = item.paragraphs[0], item.paragraphs[1:]
            out += [f"**{label}{item.heading}。**{first}", ""]
        else:
            out += [f"{'#' * (depth + 2)} {label}{item.heading}", ""]
            rest = item.paragraphs
        for p in rest:
            out += [p, ""]
        out += _md_items(item.items, depth + 1)
    return out


def to_markdown(report: Report) -> str:
    """What a pandoc user would write for the same report: headings, bold run-in leads, paragraphs."""
    out = [f"# {report.title}", "", f"法〔{report.year + 1}〕3号", "", "市人民政府：", "", report.preamble, ""]
    parts = [("主要举措和成效", report.measures, []), ("存在的不足和原因", [], report.problems),
             ("党政主要负责人履行推进法治建设第一责任人职责情况", [], report.leader),
             ("下一年度推进法治政府建设的主要安排", report.plans, [])]
    for n, (heading, items, paragraphs) in enumerate(parts):
        out += [f"## {_NUM2[n]}、{report.year}年度{heading}", ""]
        for p in paragraphs:
            out += [p, ""]
        out += _md_items(items, 1)
    out += [report.agency, "", f"{report.year + 1}年2月20日", ""]
    return "\n".join(out)
