"""The fact model of a report and loading it from a YAML fact file.

The fact file is the contract between the wizard, hand edits, checks and the build.
Validation reports every problem at once, each located as file:line:column + field path,
in Chinese; unknown keys get a "did you mean" suggestion because a typo must never
silently drop a fact.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from drafter.errors import FactFileError, Finding
from drafter.factfile.fieldrules import missing_at, rule_at, unknown_at
from drafter.factfile.light import MAX_ITEM_DEPTH as MAX_ITEM_DEPTH  # sections are level 1; items add levels 2, 3 and 4
from drafter.factfile.light import Derived
from drafter.factfile.light import attachment_title as attachment_title  # re-exported
from drafter.factfile.source import LoadedFacts, Parsed, PathT, SourceMap, comment_findings, format_path
from drafter.factfile.yamlread import load, loads
from drafter.text.patterns import DATE_CN, DATE_ISO
from drafter.text.values import (
    MAX_YEAR,
    MIN_YEAR,
    DateFormError,
    TextError,
    cc_name_line,
    coerce_date,
    doc_number_line,
    heading_line,
    name_line,
    one_line,
    paragraphs,
    recipient_line,
    title_text,
)
from drafter.text.values import clean_text as clean_text  # re-exported: the rest of drafter imports these from here
from drafter.text.values import format_date as format_date
from drafter.text.values import format_doc_number as format_doc_number
from drafter.text.values import parse_date as parse_date
from drafter.text.values import parse_doc_number as parse_doc_number

# Rules across fields: each model validator says its sentence, and the model's JSON Schema says the
# same rule in draft-07 keywords with the same sentence (the editor shows it as the errorMessage).
TOO_DEEP = "标题最多四级（一、（一）1.（1）），这里嵌套过深"
KIND_OR_HEADING = "这一部分既没有 kind（法定部分类型）也没有 heading（标题），请至少写一个"
PRINTER_AND_DATE = "印发机关（printer）和印发日期（date）要同时写"
CC_OR_PRINTER = "版记（imprint）至少要写抄送（cc）或印发机关和印发日期（printer、date）"


def date_pattern() -> str:
    """The dates coerce_date accepts, as an ECMAScript pattern for the editor's schema."""
    forms = (re.sub(r"\(\?P<\w+>", "(", p.pattern) for p in (DATE_CN, DATE_ISO))
    return r"^\s*(" + "|".join(forms) + r")\s*$"


# The validators' names differ from every field name: pydantic evaluates the field annotations
# in the class namespace, where a field's name is its FieldInfo (doc_number_line, not doc_number).
Line = Annotated[str, AfterValidator(one_line)]
NonEmptyLine = Annotated[str, AfterValidator(one_line), Field(min_length=1)]
#: Headings and names follow the rules of text.patterns, as the wizard, import and verify do.
Heading = Annotated[str, AfterValidator(heading_line)]
NonEmptyHeading = Annotated[str, AfterValidator(heading_line), Field(min_length=1)]
Name = Annotated[str, AfterValidator(name_line), Field(min_length=1)]
OptionalName = Annotated[str, AfterValidator(name_line)]
Paragraphs = Annotated[
    list[str],
    BeforeValidator(paragraphs),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
]
DateValue = Annotated[
    dt.date,
    BeforeValidator(coerce_date),
    WithJsonSchema({"type": "string", "pattern": date_pattern()}),
]


# --- the model -----------------------------------------------------------------

def _strict(title: str, description: str, **rules: Any) -> ConfigDict:
    """The strict config with the Chinese title and description an editor shows for the definition,
    and the draft-07 keywords (`rules`) that say its validators' rules to the editor."""
    return ConfigDict(extra="forbid", str_strip_whitespace=False, populate_by_name=True, title=title,
                      json_schema_extra={"description": description, **rules})


class Agency(BaseModel):
    model_config = _strict("机关", "发文机关：全称（必填）和规范化简称")
    name: Name = Field(description="机关全称，如“龙泉市科学技术局”", title="机关全称")
    short: OptionalName | None = Field(None, description="规范化简称（可选），如“龙泉市科技局”", title="简称")


class Item(BaseModel):
    """A numbered item below a section: （一） at level 2, 1. at level 3, （1） at level 4."""

    model_config = _strict(
        "小标题条目",
        "正文中的一条小标题及其正文：第二级为（一）（二）……，第三级为 1. 2. ……，第四级为（1）（2）……；序号按位置自动生成",
    )
    heading: NonEmptyHeading = Field(description="小标题，不写序号（序号按位置自动生成）", title="小标题")
    run_in: bool = Field(
        False,
        description="true：小标题与正文接排在同一段（标题后自动加“。”）；false：小标题单独成行",
        title="接排",
    )
    text: Paragraphs = Field(default_factory=list, description="正文，每行一段", title="正文")
    items: list[Item] = Field(default_factory=list, description="下一级小标题", title="下级条目")


SectionKindName = Literal["measures", "problems", "leader", "plans", "other"]


class Section(BaseModel):
    """A top-level part (一、二、…): one of the statutory kinds, or a thematic part."""

    model_config = _strict(
        "正文部分", "正文的一个部分（一、二、三……）：法定部分写 kind，专题式部分写 heading；下设小标题写在 items 中",
        allOf=[{"if": {"not": {"required": ["kind"]}},
                "then": {"required": ["heading"], "properties": {"heading": {"pattern": r"\S", "errorMessage": KIND_OR_HEADING}},
                         "errorMessage": KIND_OR_HEADING}}],
    )
    kind: SectionKindName | None = Field(
        None,
        description=(
            "法定部分：measures 主要举措和成效；problems 存在的不足和原因；"
            "leader 党政主要负责人履行第一责任人职责情况；plans 下一年度主要安排；"
            "other 其他需要报告的情况。专题式部分不写 kind，只写 heading"
        ),
        title="部分类型",
    )
    heading: Heading | None = Field(None, description="一级标题，不写序号；法定部分不写时使用默认标题", title="标题")
    text: Paragraphs = Field(default_factory=list, description="本部分正文（在小标题之前），每行一段", title="正文")
    items: list[Item] = Field(default_factory=list, description="二级小标题（（一）（二）……）", title="条目")

    @model_validator(mode="after")
    def _kind_or_heading(self) -> Section:
        if self.kind is None and not self.heading:
            raise ValueError(KIND_OR_HEADING)
        return self


class Letterhead(BaseModel):
    """版头: 发文机关标志 in red, 发文字号 and 签发人 on one line, the red separator line."""

    model_config = _strict("版头", "版头（红头）：红色的发文机关标志，发文字号与签发人同排一行，下有红色分隔线")
    name: OptionalName | None = Field(
        None, description="发文机关标志；不写时为“机关全称 + 文件”，如“龙泉市科学技术局文件”", title="发文机关标志"
    )
    signer: Name = Field(description="签发人姓名（报告是上行文，须标注签发人），如“张三”", title="签发人")


class Attachment(BaseModel):
    """An attachment: named in 附件说明; with text it is also printed on its own page."""

    model_config = _strict("附件", "附件：名称列在附件说明中；写了正文时，附件内容在文后另起一页排出")
    title: Name = Field(description="附件名称（也是附件页的标题）", title="附件名称")
    text: Paragraphs = Field(default_factory=list, description="附件正文，每行一段；不写时只在附件说明中列出名称",
                             title="附件正文")


def _attachment_kind(value: Any) -> str:
    return _ATTACHMENT_PAGE if isinstance(value, (dict, Attachment)) else _ATTACHMENT_NAME


#: Tags of the two forms of an attachment entry; pydantic puts them into error locations.
_ATTACHMENT_NAME, _ATTACHMENT_PAGE = "attachment-name", "attachment-page"

#: An attachment is a name (the common case: only listed in 附件说明) or {title, text}.
AttachmentEntry = Annotated[
    Annotated[Name, Tag(_ATTACHMENT_NAME)] | Annotated[Attachment, Tag(_ATTACHMENT_PAGE)],
    Discriminator(_attachment_kind),
]


def _name_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Imprint(BaseModel):
    """版记: 抄送机关, 印发机关 and 印发日期 between the thick-thin-thick lines on the last page."""

    model_config = _strict(
        "版记", "版记：抄送机关、印发机关和印发日期，排在末页的版记线之间",
        dependencies={"printer": {"required": ["date"], "errorMessage": PRINTER_AND_DATE},
                      "date": {"required": ["printer"], "errorMessage": PRINTER_AND_DATE}},
        allOf=[{"if": {"not": {"anyOf": [{"required": ["cc"], "properties": {"cc": {"minItems": 1}}},
                                         {"required": ["date"]}]}},
                "then": {"required": ["printer"], "errorMessage": CC_OR_PRINTER}}],
    )
    cc: Annotated[
        list[Annotated[str, AfterValidator(cc_name_line), Field(min_length=1)]],
        BeforeValidator(_name_list),
        WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
    ] = Field(default_factory=list, description="抄送机关，每项一个（末尾句号自动加）", title="抄送")
    printer: OptionalName | None = Field(None, description="印发机关，如“龙泉市科学技术局办公室”", title="印发机关")
    date: DateValue | None = Field(None, description="印发日期，如 2024-01-31", title="印发日期")

    @model_validator(mode="after")
    def _printer_and_date_together(self) -> Imprint:
        if (self.printer is None) != (self.date is None):
            raise ValueError(PRINTER_AND_DATE)
        if not self.cc and self.printer is None:
            raise ValueError(CC_OR_PRINTER)
        return self


FontProfileName = Literal["gb2312", "windows"]


class Facts(Derived, BaseModel):
    """Everything the report says; the build derives all numbering and layout."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        title="法治政府建设年度报告事实文件",
        json_schema_extra={"description": "drafter 事实文件：填写事实，编号与版式由 drafter 生成。"},
    )
    agency: Agency = Field(description="发文机关", title="机关")
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR, description="报告所述年度，如 2024", title="年度")
    title: Annotated[str, AfterValidator(title_text)] | None = Field(
        None, description="标题；不写时为“（机关）关于（年度）年度法治政府建设情况的报告”。可用换行指定断行", title="标题"
    )
    to: Annotated[str, AfterValidator(recipient_line)] | None = Field(None, description="主送机关，如“龙泉市人民政府”（末尾冒号自动加）", title="主送机关")
    doc_number: Annotated[str, AfterValidator(doc_number_line)] | None = Field(
        None, description="发文字号，如“龙科〔2024〕2号”", title="发文字号"
    )
    signature: OptionalName | None = Field(None, description="署名；不写时为机关全称", title="署名")
    date: DateValue | None = Field(None, description="成文日期，如 2025-02-20", title="成文日期")
    fonts: FontProfileName = Field(
        "gb2312",
        description="字体方案：gb2312（仿宋_GB2312、楷体_GB2312 等）或 windows（Windows 10/11 自带的仿宋、楷体）",
        title="字体方案",
    )
    bold_headings: bool = Field(False, description="三、四级标题加粗（GB/T 9704 未要求，默认不加粗）", title="标题加粗")
    preamble: Paragraphs = Field(default_factory=list, description="开头段（导语），每行一段", title="开头段")
    sections: list[Section] = Field(min_length=1, description="正文各部分（一、二、三……）", title="正文各部分")
    closing: Paragraphs = Field(default_factory=list, description="结束语（可选），每行一段", title="结束语")
    attachments: list[AttachmentEntry] = Field(
        default_factory=list,
        description="附件（可选）：每项写附件名称；要在文后另起一页排出附件内容时写成 {title: 名称, text: 正文}",
        title="附件",
    )
    letterhead: Letterhead | None = Field(
        None, description="版头（红头，可选）：发文机关标志、签发人；需同时写发文字号 doc_number", title="版头"
    )
    seal: bool = Field(False, description="true：加盖印章（成文日期右空四字，署名以成文日期居中）；默认不加盖", title="加盖印章")
    note: Line | None = Field(None, description="附注（可选），如“此件公开发布”；圆括号自动加", title="附注")
    imprint: Imprint | None = Field(None, description="版记（可选）：抄送、印发机关、印发日期", title="版记")

Item.model_rebuild()

# --- loading ---------------------------------------------------------------------

def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field's value (or each item of it) is validated against, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def _walk(path: PathT) -> tuple[type[BaseModel], FieldInfo | None]:
    """The model a mapping at `path` is validated against, and the field the last name in `path` is.

    A name the model does not know (an unknown key) leaves the model as it is and has no field.
    """
    model: type[BaseModel] = Facts
    info: FieldInfo | None = None
    for part in path:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            break
        model = _nested_model(info.annotation) or model
    return model, info


def key_orders() -> dict[str, list[str]]:
    """The model's key order for a mapping under each key: "" the top level, "agency", "sections"
    (one section), "items" (one item at any level), "letterhead", "attachments", "imprint"."""
    orders: dict[str, list[str]] = {"": list(Facts.model_fields)}
    todo: list[type[BaseModel]] = [Facts]
    while todo:
        for name, info in todo.pop().model_fields.items():
            nested = _nested_model(info.annotation)
            if nested is not None and name not in orders:
                orders[name] = list(nested.model_fields)
                todo.append(nested)
    return orders


def _label_at(path: PathT) -> str:
    """The field's title in the model (imprint.date -> 印发日期); for a list item, its list's title."""
    info = _walk(path)[1]
    names = [part for part in path if isinstance(part, str)]
    return (info.title if info is not None else None) or (names[-1] if names else "")


#: Errors of a value's type or form: worded by the field's rule (factfile.fieldrules), as the editor words them.
_RULE_ERRORS = {
    "string_type", "int_type", "int_parsing", "int_parsing_size", "int_from_float", "finite_number", "bool_type", "bool_parsing",
    "list_type", "dict_type", "model_type", "model_attributes_type", "literal_error", "date_type", "date_parsing",
    "date_from_datetime_parsing", "date_from_datetime_inexact", "greater_than_equal", "less_than_equal",
}


@cache
def fact_json_schema() -> dict[str, Any]:
    """The fact model's JSON Schema as pydantic emits it (the editor schema is made from it)."""
    return Facts.model_json_schema(mode="validation")


def _message(err: ErrorDetails, path: PathT) -> str:
    """The Chinese message for one pydantic error at `path` (its location without union tags)."""
    kind = err["type"]
    names = [part for part in path if isinstance(part, str)]
    field = names[-1] if names else ""  # for a list item (text[0]) the list's own name
    label = _label_at(path)
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return missing_at(fact_json_schema(), path) or f"缺少必填项“{field}”（{label}）"
    if kind == "extra_forbidden":
        return unknown_at(fact_json_schema(), path) or f"未知的键“{field}”"
    if kind == "value_error" and isinstance(ctx.get("error"), DateFormError):
        return rule_at(fact_json_schema(), path) or str(ctx["error"])
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in _RULE_ERRORS or kind in ("string_too_short", "too_short"):
        rule = rule_at(fact_json_schema(), path)
        if rule:
            return rule
    if kind == "too_short":
        return f"“{field}”（{label}）至少要有一项"
    return f"“{field}”（{label}）取值无效（{err['msg']}）"


def _loc_path(loc: tuple[Any, ...]) -> PathT:
    return tuple(p for p in loc if isinstance(p, (str, int)) and p not in (_ATTACHMENT_NAME, _ATTACHMENT_PAGE))


def validation_findings(data: Any, smap: SourceMap) -> tuple[Facts | None, list[Finding]]:
    """Validate plain data; return the model (if valid) and every finding."""
    if not isinstance(data, dict):
        return None, [Finding("文件内容应为“键: 值”形式（例如 year: 2024），现在是空的或不是映射。",
                              smap.file, 1, 1, code="not-a-mapping")]
    try:
        facts = Facts.model_validate(data)
    except ValidationError as exc:
        findings = []
        for err in exc.errors(include_url=False):
            path = _loc_path(err["loc"])
            # where the editor marks it too: an unknown key, and a mapping's missing key or broken rule
            # at the key that holds the mapping (a list item or the whole file: where it starts)
            on_key = err["type"] == "extra_forbidden" or (err["type"] == "value_error" and isinstance(err["input"], dict))
            mark = smap.locate(path, prefer_key=on_key)
            if err["type"] == "missing":
                mark = smap.locate(path[:-1], prefer_key=True)
            elif isinstance(error := (err.get("ctx") or {}).get("error"), TextError):
                # the refused character itself, in any style: a `|` or `>` block, a text over several
                # lines, one paragraph of a list (`- >` once pointed at the list's first line)
                value = err["input"]
                if error.item is not None and isinstance(value, list) and error.item < len(value):
                    path, value = path + (error.item,), value[error.item]
                if isinstance(value, str):
                    mark = smap.position(path, value, error.index) or smap.locate(path) or mark
            findings.append(Finding(_message(err, path), smap.file, mark.line if mark else None,
                                    mark.column if mark else None, format_path(path), code=err["type"]))
        return None, findings
    return facts, _structure_findings(facts, smap)


def _structure_findings(facts: Facts, smap: SourceMap) -> list[Finding]:
    """Rules the type system cannot express: the nesting depth of items."""
    findings: list[Finding] = []

    def at(path: PathT, message: str, code: str) -> None:
        mark = smap.locate(path)
        findings.append(Finding(message, smap.file, mark.line if mark else None,
                                mark.column if mark else None, format_path(path), code=code))

    def walk(items: list[Item], path: PathT, depth: int) -> None:
        for i, item in enumerate(items):
            p = path + (i,)
            if item.items and depth >= MAX_ITEM_DEPTH:
                at(p + ("items",), TOO_DEEP, "too-deep")
                continue
            walk(item.items, p + ("items",), depth + 1)

    for i, section in enumerate(facts.sections):
        walk(section.items, ("sections", i, "items"), 1)
    if facts.letterhead is not None and not facts.doc_number:
        at(("letterhead",), "有版头（letterhead）时须写发文字号（doc_number），它与签发人排在同一行", "letterhead-docno")
    return findings


def _finish(parsed: Parsed, path: Path | None) -> LoadedFacts:
    data, smap = parsed.data, parsed.smap
    facts, findings = validation_findings(data, smap)
    findings = sorted(parsed.findings + findings + comment_findings(smap), key=lambda f: (f.line or 0, f.column or 0))
    errors = [f for f in findings if f.severity == "error"]
    if errors or facts is None:
        raise FactFileError(f"{smap.file}：事实文件有 {len(errors)} 处错误", findings)
    return LoadedFacts(facts, smap, data, path, parsed.text)


def load_facts(path: Path | str) -> LoadedFacts:
    """Read, parse and validate a fact file; raise FactFileError listing every problem."""
    path = Path(path)
    return _finish(load(path), path)


def parse_facts(text: str, name: str = "<输入>") -> LoadedFacts:
    return _finish(loads(text, name), None)
