"""The report as HTML (preview in the official look, and the 公开版 for a website) and plain text.

Both come from the same blocks as the DOCX (drafter.docx.layout), so numbering, run-in headings,
title breaks and the signature are exactly the document's. The 公开版 leaves out what a website
does not publish: the letterhead (发文机关标志, 发文字号 with 签发人) and the 版记.
Every text is escaped here (markupsafe), whatever the user typed.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from drafter.docx.layout import Block, layout
from drafter.factfile.model import Facts

#: Blocks a published copy leaves out (letterhead, 签发人, 版记).
PRIVATE_KINDS = frozenset({"lh_space", "lh_name", "lh_docno", "imprint"})


def blocks(facts: Facts, *, public: bool = False) -> list[Block]:
    out = layout(facts)
    if public:
        out = [b for b in out if b.kind not in PRIVATE_KINDS]
        while out and out[0].kind == "blank":
            out.pop(0)
    return out


def _block_html(block: Block) -> Markup:
    kind = block.kind
    text = escape(block.text).replace("\n", Markup("<br>"))
    style = ""
    if block.right_chars is not None:
        style = f' style="text-align:right;padding-right:{block.right_chars:g}em"'
    elif block.indent_chars is not None:
        style = f' style="padding-left:{block.indent_chars:g}em"'
    if kind == "blank":
        return Markup('<p class="blank">&#8203;</p>')
    if kind.startswith("runin"):
        return Markup('<p class="body"><span class="lead {}">{}</span>{}</p>').format(kind, block.lead, text)
    if kind == "imprint":
        cc = Markup('<p class="cc">{}</p>').format(block.lead) if block.lead else Markup("")
        return Markup('<div class="imprint">{}<p>{}<span class="aside">{}</span></p></div>').format(
            cc, block.text, block.aside)
    aside = Markup('<span class="aside">{}</span>').format(block.aside) if block.aside else Markup("")
    return Markup('<p class="{}"{}>{}{}</p>').format(kind, Markup(style), text, aside)


def body_html(facts: Facts, *, public: bool = False) -> Markup:
    """The paragraphs as HTML elements (classes named after the block kinds)."""
    return Markup("\n").join(_block_html(b) for b in blocks(facts, public=public))


PUBLIC_STYLE = """
body{max-width:46em;margin:2em auto;padding:0 1em;font-family:"FangSong","仿宋","仿宋_GB2312",serif;
font-size:16pt;line-height:1.8;color:#000}
p{margin:0;text-indent:2em}
.title{text-align:center;text-indent:0;font-family:"方正小标宋简体","SimSun",serif;font-size:22pt;line-height:1.5}
.h1{font-family:"黑体","SimHei",sans-serif}.h2{font-family:"楷体","KaiTi",serif}
.runin2{font-family:"楷体","KaiTi",serif}.lead{font-weight:normal}
.to,.attach_label,.docno{text-indent:0}.signature,.date{text-indent:0}
.blank{min-height:1em}
"""


def public_html(facts: Facts) -> str:
    """A self-contained page for a website: no letterhead, 签发人 or 版记; no script."""
    title = escape(facts.effective_title().replace("\n", ""))
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
            f"<style>{PUBLIC_STYLE}</style>\n</head>\n<body>\n{body_html(facts, public=True)}\n</body>\n</html>\n")


def public_text(facts: Facts) -> str:
    """Plain text for a website: one paragraph a line, body paragraphs indented by two full spaces."""
    lines: list[str] = []
    for b in blocks(facts, public=True):
        if b.kind == "blank":
            if lines and lines[-1] != "":
                lines.append("")
            continue
        text = b.lead + b.text
        if b.kind in ("body",) or b.kind.startswith("runin"):
            text = "　　" + text
        elif b.kind == "title":
            text = b.text.replace("\n", "")
        elif b.kind in ("signature", "date"):
            text = "　" * 12 + text
        lines.append(text)
    return "\n".join(lines).strip("\n") + "\n"
