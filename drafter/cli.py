"""Command line: parse arguments, call the core, turn DrafterError into exit codes.

This is the only error boundary: a DrafterError becomes a Chinese message and a
non-zero exit code; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from drafter import __version__, console
from drafter.errors import EXIT_INVALID, EXIT_IO, EXIT_OK, EXIT_USAGE, DrafterError, InputFileError, UsageError

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
argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]


def _positive_int(text: str) -> int:
    """-j N: a whole number of at least 1 (argparse reports the Chinese message as a usage error)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为不小于 1 的整数，而不是 {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drafter",
        description="法治政府建设年度报告起草工具：把事实文件（YAML）生成符合 GB/T 9704-2012 的公文 DOCX。",
        epilog="退出码：0 成功；1 输入有误（事实文件或文档有问题）；2 命令用法错误；3 无法读写文件或缺少外部程序。",
    )
    parser.add_argument("--version", action="version", version=f"drafter {__version__}", help="显示版本并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令")

    build = sub.add_parser("build", help="由事实文件生成 DOCX", description="由事实文件生成公文格式的 DOCX。")
    build.add_argument("facts", type=Path, nargs="+", metavar="事实文件",
                       help="YAML 事实文件；可以给多个，或给一个文件夹（生成其中全部 .yaml/.yml 文件）")
    build.add_argument("-o", "--output", type=Path, metavar="输出",
                       help="输出的 DOCX 路径（默认：与事实文件同名，扩展名为 .docx）；生成多份时为输出文件夹")
    build.add_argument("--watch", action="store_true",
                       help="监视事实文件，每次保存后自动重新生成（按 Ctrl-C 结束）")
    build.add_argument("-j", "--jobs", type=_positive_int, metavar="N", help="生成多份时同时使用的进程数（默认：CPU 核数）")
    build.add_argument("--fonts", choices=["gb2312", "windows"],
                       help="字体方案，覆盖事实文件中的 fonts：gb2312 或 windows")
    build.add_argument("--template", type=Path, metavar="模板", help="使用自定义的 DOCX 模板")
    build.add_argument("--pdf", action="store_true",
                       help="同时生成同名的 PDF 文件（需要安装 LibreOffice）")
    build.set_defaults(handler=_cmd_build)

    check = sub.add_parser("check", help="只检查事实文件，不生成文档", description="检查事实文件并列出全部问题。")
    check.add_argument("facts", type=Path, metavar="事实文件", help="YAML 事实文件")
    check.add_argument("--format", choices=["text", "json"], default="text", help="输出格式（默认 text）")
    check.add_argument("--fix", action="store_true",
                       help="自动改正不改变文意的问题（半角标点、多余空格、文号括号），改前自动备份")
    check.add_argument("--dry-run", action="store_true", help="只显示 --fix 将做的修改，不写入文件")
    check.set_defaults(handler=_cmd_check)

    new = sub.add_parser("new", help="向导：逐项提问，填写事实文件并生成 DOCX",
                         description="在终端中逐项提问，每答一项就保存到事实文件；中断后再次运行会从中断处继续。"
                                     "在任一文字问题处输入 ? 可查看写作要求和真实报告的示例。")
    new.add_argument("facts", type=Path, metavar="事实文件", help="要新建或继续填写的 YAML 事实文件，如 2024.yaml")
    new.add_argument("--from", dest="carry_from", type=Path, metavar="上年事实文件",
                     help="从上年的事实文件结转：沿用机关信息，年度顺延，上年的“下一年度主要安排”逐条转为待写的举措")
    new.set_defaults(handler=_cmd_new)

    edit = sub.add_parser("edit", help="向导：选择任一部分重新填写",
                          description="打开部分菜单，可修改基本信息、开头段或任一部分，完成后生成 DOCX。")
    edit.add_argument("facts", type=Path, metavar="事实文件", help="已有的 YAML 事实文件")
    edit.set_defaults(handler=_cmd_edit)

    verify = sub.add_parser("verify", help="检查 DOCX 是否符合 GB/T 9704 公文格式",
                            description="检查 DOCX（本工具生成的，或在 Word/WPS 中修改过的）是否符合 GB/T 9704-2012，"
                                        "逐条列出不符合之处（所在段落及应有的格式）。")
    verify.add_argument("docx", type=Path, metavar="DOCX文件", help="要检查的 .docx 文件")
    verify.add_argument("--format", choices=["text", "json"], default="text", help="输出格式（默认 text）")
    verify.set_defaults(handler=_cmd_verify)

    schema = sub.add_parser("schema", help="输出事实文件的 JSON Schema",
                            description="输出事实文件的 JSON Schema（供 VS Code 等编辑器校验和补全）。")
    schema.add_argument("-o", "--output", type=Path, metavar="输出文件", help="写入文件（默认输出到屏幕）")
    schema.set_defaults(handler=_cmd_schema)

    imp = sub.add_parser("import", help="把已有的报告（.txt/.docx/.doc/.wps/.html）导入为事实文件",
                         description="读取已有的报告（网页复制的文本、Word/WPS 文档），识别标题、主送机关、"
                                     "各级标题和正文，写成事实文件。删去的网页内容、修改的标点和可疑之处都会列出。")
    imp.add_argument("source", type=Path, metavar="报告文件", help="要导入的报告：.txt（UTF-8/GBK）、.docx、.doc、.wps 或保存的网页 .html")
    imp.add_argument("-o", "--output", type=Path, metavar="输出文件",
                     help="写出的事实文件（默认：与报告同名，扩展名为 .yaml；已有文件会先备份）")
    imp.add_argument("--keep-all", action="store_true",
                     help="保留网页附属内容（栏目路径、发布时间、链接等），作为普通段落导入")
    imp.set_defaults(handler=_cmd_import)
    return parser


def _cmd_build(args: argparse.Namespace) -> int:
    several = len(args.facts) > 1 or args.facts[0].is_dir()
    if args.pdf and (several or args.watch):
        raise UsageError("--pdf 只能用于生成单个事实文件，不能与 --watch 或多个文件同时使用。")
    if args.watch:
        if several:
            raise UsageError("--watch 只能监视一个事实文件。")
        from drafter.watch import watch

        return watch(args.facts[0], args.output, template=args.template, fonts=args.fonts)
    if several:
        from drafter.batch import build_many

        batch = build_many(args.facts, args.output, template=args.template, fonts=args.fonts, jobs=args.jobs,
                           progress=console.ProgressLine())
        console.print_batch_summary(batch)
        return batch.exit_code

    from drafter.factfile.model import load_facts

    loaded = load_facts(args.facts[0])  # before importing the DOCX machinery: bad input fails fast
    from drafter.docx.render import build
    from drafter.review.checks import check

    result = build(args.facts[0], args.output, template=args.template, fonts=args.fonts, loaded=loaded)
    console.backup_notice(result.output, result.backup)
    console.info(f"已生成：{result.output}")
    console.review_notice(check(loaded))
    if args.pdf:
        from drafter.docx.libreoffice import convert_to_pdf

        console.info(f"已生成：{convert_to_pdf(result.output, result.output.with_suffix('.pdf'))}")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from drafter.review.checks import check_file
    from drafter.review.fixes import fix_file

    json_out = args.format == "json"
    try:
        loaded, findings = check_file(args.facts)  # validation errors come first and stop here
    except DrafterError as exc:
        if json_out and exc.findings:
            print(console.findings_json(exc.findings))
            return exc.exit_code
        raise
    unfixed = sum(f.severity == "error" for f in findings)  # errors in the file as it is on disk
    if args.fix or args.dry_run:
        result = fix_file(args.facts, dry_run=args.dry_run, loaded=loaded)
        console.fix_report(result, stream=sys.stderr if json_out else sys.stdout)
        findings = result.findings
        if not args.dry_run:
            unfixed = sum(f.severity == "error" for f in findings)
    if json_out:
        print(console.findings_json(findings))
    else:
        console.check_report(args.facts, findings, unfixed_errors=unfixed if args.dry_run else 0)
    return EXIT_INVALID if unfixed else EXIT_OK


def _run_wizard(args: argparse.Namespace, mode: str) -> int:
    from drafter.interview.terminal import QuestionaryPrompter
    from drafter.interview.wizard import require_terminal, run_wizard

    require_terminal(args.facts, mode)
    result = run_wizard(args.facts, QuestionaryPrompter(), mode=mode, carry_from=getattr(args, "carry_from", None))
    if result.docx:
        console.backup_notice(result.docx, result.backup)
        console.info(f"已生成：{result.docx}")
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    return _run_wizard(args, "new")


def _cmd_edit(args: argparse.Namespace) -> int:
    if not args.facts.exists():
        raise InputFileError(f"{args.facts}：文件不存在。新建请运行：drafter new {args.facts}")
    return _run_wizard(args, "edit")


def _cmd_verify(args: argparse.Namespace) -> int:
    from drafter.docx.verify import FormatDeviationError, verify_docx

    findings = verify_docx(args.docx)
    if args.format == "json":
        print(console.findings_json(findings))
        return EXIT_INVALID if findings else EXIT_OK
    if findings:
        raise FormatDeviationError(f"{args.docx}：有 {len(findings)} 处不符合 GB/T 9704-2012 公文格式", findings)
    console.info(f"{args.docx}：检查通过，未发现不符合 GB/T 9704-2012 公文格式之处。")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from drafter.factfile.schema import schema_text
    from drafter.fsutil import atomic_write_text

    text = schema_text()
    if args.output:
        atomic_write_text(args.output, text)
        console.info(f"已写入：{args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from drafter.importing.recognise import import_to_file

    outcome = import_to_file(args.source, args.output, keep_all=args.keep_all)
    console.import_report(outcome)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 for --help
        return int(exc.code or 0)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.handler(args)
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
        return 130


def run() -> None:
    from drafter.streams import harden_streams, run_to_pipe

    harden_streams()  # a GBK/Big5/ASCII console prints every message (escaped where it must)
    sys.exit(run_to_pipe(main))


if __name__ == "__main__":
    run()
