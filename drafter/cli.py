"""Command line: parse arguments, call the core, turn DrafterError into exit codes.

This is the only error boundary: a DrafterError becomes a Chinese message and its
exit code; Ctrl-C exits 130; anything else is a bug in drafter and exits 70 with the
line "这是 drafter 的缺陷，请报告" and the traceback below it.

The commonest commands, `drafter build FILE [-o OUT]` and the wizard's `drafter new FILE` and
`drafter edit FILE`, are recognised without argparse (whose import and parser cost more than the
rest of such a build, and a tenth of the wizard's wait for its first question); every other command
line, and every variation of these, goes through argparse, so help and usage messages are argparse's alone.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from types import SimpleNamespace

from drafter import TYPE_CHECKING, __version__

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

# argparse builds its messages with gettext; these are the ones a user meets.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "invalid %(type)s value: %(value)r": "值无效：%(value)r",
    "ignored explicit argument %r": "这个选项不带值，却给了 %r",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项：%(option)s 可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
}


def _positive_int(text: str) -> int:
    """-j N: a whole number of at least 1 (argparse reports the Chinese message as a usage error)."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为不小于 1 的整数，而不是 {text!r}")
    return value


def _path(text: str) -> Path:
    """argparse's type for paths (pathlib is imported once a path is given, not for `--help`)."""
    from pathlib import Path

    return Path(text)


def _parser() -> argparse.ArgumentParser:
    import argparse

    argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]
    parser = argparse.ArgumentParser(
        prog="drafter",
        description="法治政府建设年度报告起草工具：把事实文件（YAML）生成符合 GB/T 9704-2012 的公文 DOCX。",
        epilog="退出码：0 成功；1 输入有误（事实文件或文档有问题）；2 命令用法错误；3 无法读写文件或缺少外部程序；"
               "70 drafter 内部缺陷（请报告）；130 已中断。",
    )
    parser.add_argument("--version", action="version", version=f"drafter {__version__}", help="显示版本并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令")

    build = sub.add_parser("build", help="由事实文件生成 DOCX", description="由事实文件生成公文格式的 DOCX。")
    build.add_argument("facts", type=_path, nargs="+", metavar="事实文件",
                       help="YAML 事实文件；可以给多个，或给一个文件夹（生成其中全部 .yaml/.yml 文件）")
    build.add_argument("-o", "--output", type=_path, metavar="输出",
                       help="输出的 DOCX 路径（默认：与事实文件同名，扩展名为 .docx）；生成多份时为输出文件夹")
    build.add_argument("--watch", action="store_true",
                       help="监视事实文件，每次保存后自动重新生成（按 Ctrl-C 结束）")
    build.add_argument("-j", "--jobs", type=_positive_int, metavar="N", help="生成多份时同时使用的进程数（默认：CPU 核数）")
    build.add_argument("--fonts", choices=["gb2312", "windows"],
                       help="字体方案，覆盖事实文件中的 fonts：gb2312 或 windows")
    build.add_argument("--template", type=_path, metavar="模板", help="使用自定义的 DOCX 模板")
    build.add_argument("--pdf", action="store_true",
                       help="同时生成同名的 PDF 文件（需要安装 LibreOffice）")
    build.add_argument("--html", action="store_true",
                       help="同时生成公开版网页（同名 .html，不含版头、签发人和版记），供网站发布")
    build.add_argument("--text", action="store_true",
                       help="同时生成公开版纯文本（同名 .txt，不含版头、签发人和版记）")
    build.set_defaults(handler="build")

    check = sub.add_parser("check", help="只检查事实文件，不生成文档", description="检查事实文件并列出全部问题。")
    check.add_argument("facts", type=_path, metavar="事实文件", help="YAML 事实文件")
    check.add_argument("--format", choices=["text", "json"], default="text", help="输出格式（默认 text）")
    check.add_argument("--fix", action="store_true",
                       help="自动改正不改变文意的问题（半角标点、多余空格、文号括号），改前自动备份")
    check.add_argument("--dry-run", action="store_true", help="只显示 --fix 将做的修改，不写入文件")
    check.set_defaults(handler="check")

    new = sub.add_parser("new", help="向导：逐项提问，填写事实文件并生成 DOCX",
                         description="在终端中逐项提问，每答一项就保存到事实文件；中断后再次运行会从中断处继续。"
                                     "在任一文字问题处输入 ? 可查看写作要求和真实报告的示例。")
    new.add_argument("facts", type=_path, metavar="事实文件", help="要新建或继续填写的 YAML 事实文件，如 2024.yaml")
    new.add_argument("--from", dest="carry_from", type=_path, metavar="上年事实文件",
                     help="从上年的事实文件结转：沿用机关信息，年度顺延，上年的“下一年度主要安排”逐条转为待写的举措")
    new.set_defaults(handler="new")

    edit = sub.add_parser("edit", help="向导：选择任一部分重新填写",
                          description="打开部分菜单，可修改基本信息、开头段或任一部分，完成后生成 DOCX。")
    edit.add_argument("facts", type=_path, metavar="事实文件", help="已有的 YAML 事实文件")
    edit.set_defaults(handler="edit")

    verify = sub.add_parser("verify", help="检查 DOCX 是否符合 GB/T 9704 公文格式",
                            description="检查 DOCX（本工具生成的，或在 Word/WPS 中修改过的）是否符合 GB/T 9704-2012，"
                                        "逐条列出不符合之处（所在段落及应有的格式）。")
    verify.add_argument("docx", type=_path, metavar="DOCX文件", help="要检查的 .docx 文件")
    verify.add_argument("--format", choices=["text", "json"], default="text", help="输出格式（默认 text）")
    verify.set_defaults(handler="verify")

    schema = sub.add_parser("schema", help="输出事实文件的 JSON Schema",
                            description="输出事实文件的 JSON Schema（供 VS Code 等编辑器校验和补全）。"
                                        "--install 把它安装到本用户的固定位置，事实文件移动或复制后仍可使用，无需联网。")
    where = schema.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", type=_path, metavar="输出文件", help="写入文件（默认输出到屏幕）")
    where.add_argument("--install", action="store_true",
                       help="安装（或更新）到本用户的固定位置，并显示事实文件第一行应写的内容")
    schema.set_defaults(handler="schema")

    imp = sub.add_parser("import", help="把已有的报告（.txt/.docx/.doc/.wps/.html）导入为事实文件",
                         description="读取已有的报告（网页复制的文本、Word/WPS 文档），识别标题、主送机关、"
                                     "各级标题和正文，写成事实文件。删去的网页内容、修改的标点和可疑之处都会列出。")
    imp.add_argument("source", type=_path, metavar="报告文件", help="要导入的报告：.txt（UTF-8/GBK）、.docx、.doc、.wps 或保存的网页 .html")
    imp.add_argument("-o", "--output", type=_path, metavar="输出文件",
                     help="写出的事实文件（默认：与报告同名，扩展名为 .yaml；已有文件会先备份）")
    imp.add_argument("--keep-all", action="store_true",
                     help="保留网页附属内容（栏目路径、发布时间、链接等），作为普通段落导入")
    imp.set_defaults(handler="import")

    review = sub.add_parser("review", help="审阅收到的一批报告，生成审阅汇总（Excel、网页）和批注稿",
                            description="逐份读取文件夹中的报告（.docx、.doc/.wps、.txt、.html、事实文件），检查法定内容是否齐全、"
                                        "年份和成文日期、序号和标点（同 drafter check）以及公文格式（同 drafter verify），"
                                        "写出 审阅汇总.xlsx 和 审阅汇总.html；有报告存在错误（或无法读取）时退出码为 1。")
    review.add_argument("folder", type=_path, metavar="报告文件夹", help="收到的报告所在的文件夹（不含子文件夹）")
    review.add_argument("-o", "--output", type=_path, metavar="输出文件夹",
                        help="审阅结果写到这里（默认：报告文件夹下的“审阅结果”）")
    review.add_argument("--previous", type=_path, metavar="上年报告文件夹",
                        help="上年报告所在的文件夹：按机关名称（全称或简称）找到同一单位上年的报告，列出与之几乎相同的段落")
    review.add_argument("--annotate", action="store_true",
                        help="为每份 Word 报告另存一份“原文件名-审阅.docx”，在有问题的段落加批注（原文件不改动）")
    review.add_argument("--format", choices=["text", "json"], default="text", help="输出格式（默认 text）")
    review.set_defaults(handler="review")

    serve = sub.add_parser("serve", help="在浏览器中填写、检查、预览和下载报告",
                           description="在本机启动一个网页：逐项填写报告（与 drafter new 相同的问题）、实时检查、"
                                       "按公文格式预览，并下载 DOCX、PDF 和公开版。只在本机地址上提供服务。")
    serve.add_argument("folder", type=_path, nargs="?", default=".", metavar="文件夹",
                       help="报告（事实文件）所在的文件夹（默认：当前文件夹）")
    serve.add_argument("--port", type=_positive_int, metavar="端口", help="使用固定的端口（默认自动选择）")
    serve.add_argument("--host", default="127.0.0.1", metavar="地址", help="监听的地址（默认 127.0.0.1，只有本机能访问）")
    serve.add_argument("--allow-remote", action="store_true",
                       help="允许在非本机地址上监听（网址中会带随机访问码）")
    serve.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    serve.set_defaults(handler="serve")
    return parser


def _plain(argv: Sequence[str]) -> argparse.Namespace | None:
    """`build FILE`, `build FILE -o OUT`, `build FILE --output OUT`, `new FILE` or `edit FILE` exactly (no
    value that starts with "-"), as argparse would parse it; None for anything else, which argparse then parses."""
    if argv[:1] in (["new"], ["edit"]) and len(argv) == 2 and argv[1] and not argv[1].startswith("-"):
        wizard = SimpleNamespace(command=argv[0], facts=_path(argv[1]), handler=argv[0])
        if argv[0] == "new":
            wizard.carry_from = None
        return wizard  # type: ignore[return-value]  # argparse.Namespace is a SimpleNamespace for every use here
    if len(argv) not in (2, 4) or argv[0] != "build" or (len(argv) == 4 and argv[2] not in ("-o", "--output")):
        return None
    values = argv[1::2]
    if any(not value or value.startswith("-") for value in values):
        return None
    output = _path(argv[3]) if len(argv) == 4 else None
    namespace = SimpleNamespace(command="build", facts=[_path(argv[1])], output=output, watch=False, jobs=None,
                                fonts=None, template=None, pdf=False, html=False, text=False, handler="build")
    return namespace  # type: ignore[return-value]  # argparse.Namespace is a SimpleNamespace for every use here


def main(argv: Sequence[str] | None = None) -> int:
    args = _plain(sys.argv[1:] if argv is None else argv)
    if args is None:
        parser = _parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse exits 2 on usage errors and 0 for --help
            return int(exc.code or 0)
        if not getattr(args, "handler", None):
            from drafter.errors import EXIT_USAGE

            parser.print_help(sys.stderr)
            return EXIT_USAGE
    from drafter import commands, console
    from drafter.errors import EXIT_BUG, EXIT_INTERRUPTED, EXIT_IO, DrafterError

    try:
        code: int = getattr(commands, f"cmd_{args.handler}")(args)
        return code
    except DrafterError as exc:
        console.report_error(exc)
        return exc.exit_code
    except BrokenPipeError:
        raise  # the entry point ends quietly (drafter.streams)
    except OSError as exc:  # a path the system refuses to look at: too long, a folder we may not enter
        from drafter.streams import os_error_message

        console.error(os_error_message(exc))
        return EXIT_IO
    except KeyboardInterrupt:
        console.error("已中断。")
        return EXIT_INTERRUPTED
    except Exception:  # not the user's input: a bug in drafter, shown with its traceback
        import traceback

        console.report_bug(traceback.format_exc())
        return EXIT_BUG


#: Commands that keep their own file of compiled regular expressions (drafter.rxcache): a build uses
#: ~60 patterns, the wizard ~150, all the commands together several hundred.
_REGEX_GROUPS = {"build": "build", "new": "wizard", "edit": "wizard"}


#: Container objects allocated before the cyclic garbage collector's youngest generation is swept
#: (CPython's default is 700). A sweep costs about as much per object it looks at, however many there
#: are; what a command imports at its start (a build ~15,000 objects, the wizard until its first
#: question ~60,000) is swept again and again to find no garbage worth the time: ~2.5 ms of a build's
#: CPU time, ~12 ms of the wizard's. Commands that run on (serve, --watch, the wizard, a folder build)
#: still collect, in fewer and larger sweeps.
GC_YOUNG_THRESHOLD = 100_000


def run() -> None:
    """The console entry point: `drafter …` as a process (tests call main)."""
    import gc

    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    from drafter import rxcache
    from drafter.streams import harden_streams, run_to_pipe

    rxcache.seed(_REGEX_GROUPS.get(sys.argv[1] if len(sys.argv) > 1 else "", "other"))  # before modules compile any
    harden_streams()  # a GBK/Big5/ASCII console prints every message (escaped where it must)
    code = run_to_pipe(main)
    rxcache.save()
    exit_now(code)


def exit_now(code: int, _exit: Callable[[int], object] = os._exit) -> None:
    """End the process with `code`; straight away (os._exit) when nothing is left to do at exit.

    The interpreter's shutdown collects and frees every object (tens of milliseconds once pydantic
    is loaded) only to throw the memory away. Everything a command writes is already on disk (atomic
    writes fsync the file and its folder); the console streams are flushed here. When an exit handler
    is registered (logging, multiprocessing) or another thread runs, the ordinary exit does their work.
    Only the console entry point calls this: tests and programs calling main() exit as they please.
    """
    import atexit

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a stream closed under us: let the ordinary exit deal with it
        sys.exit(code)
    threads = sys.modules.get("threading")
    handlers = getattr(atexit, "_ncallbacks", lambda: 1)()  # CPython's count; elsewhere assume some
    if handlers or (threads is not None and threads.active_count() > 1):
        sys.exit(code)
    _exit(code)


if __name__ == "__main__":
    run()
