"""What each command of the command line does, given its parsed arguments; returns the exit code.

drafter.cli parses the command line and imports this module only then, so that `drafter --help`
loads none of it; errors raised here reach the CLI's one error boundary.
"""

from __future__ import annotations

import sys

from drafter import TYPE_CHECKING, console
from drafter.errors import (
    EXIT_INVALID,
    EXIT_OK,
    DrafterError,
    FormatDeviationError,
    InputFileError,
    UsageError,
)

if TYPE_CHECKING:
    import argparse


def cmd_build(args: argparse.Namespace) -> int:
    several = len(args.facts) > 1 or args.facts[0].is_dir()
    if args.pdf and (several or args.watch):
        raise UsageError("--pdf 只能用于生成单个事实文件，不能与 --watch 或多个文件同时使用。")
    if (args.html or args.text) and (several or args.watch):
        raise UsageError("--html 和 --text 只能用于生成单个事实文件，不能与 --watch 或多个文件同时使用。")
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

    from drafter.pipeline import run

    result = run(args.facts[0], args.output, template=args.template, fonts=args.fonts)
    console.build_report(result)
    if args.pdf:
        from drafter.docx.libreoffice import convert_to_pdf

        console.info(f"已生成：{convert_to_pdf(result.output, result.output.with_suffix('.pdf'))}")
    if args.html or args.text:
        from drafter.factfile.model import load_facts
        from drafter.fsutil import atomic_write_text
        from drafter.web.export import public_html, public_text

        facts = load_facts(args.facts[0]).facts
        for wanted, suffix, make in ((args.html, ".html", public_html), (args.text, ".txt", public_text)):
            if wanted:
                target = result.output.with_suffix(suffix)
                atomic_write_text(target, make(facts))
                console.info(f"已生成公开版：{target}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from drafter.review.checks import check_file
    from drafter.review.fixes import fix_file, fix_schema_line

    json_out = args.format == "json"
    try:
        loaded, findings = check_file(args.facts)  # validation errors come first and stop here
    except DrafterError as exc:
        repaired = None
        if (args.fix or args.dry_run) and any(f.code == "schema-missing" for f in exc.findings):
            # a dead `$schema` line is repaired even in a file with errors, so the editor shows them
            repaired = fix_schema_line(args.facts, dry_run=args.dry_run)
        if repaired is not None:
            console.fix_report(repaired, stream=sys.stderr if json_out else sys.stdout)
            if repaired.written:
                exc.findings = [f for f in exc.findings if f.code != "schema-missing"]
        if json_out and exc.findings:
            print(console.findings_json(exc.findings))
            return exc.exit_code
        if (args.fix or args.dry_run) and exc.findings:  # the clerk asked for fixes: say what was not done
            done = "只改正了 $schema 这一行" if repaired is not None and repaired.written else "没有修改文件"
            exc.message += f"；--fix {done}：请先手工改正下列错误，再运行 drafter check --fix 改正标点和空格"
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


def cmd_new(args: argparse.Namespace) -> int:
    return _run_wizard(args, "new")


def cmd_edit(args: argparse.Namespace) -> int:
    from drafter.fsutil import shell_arg

    if not args.facts.exists():
        raise InputFileError(f"{args.facts}：文件不存在。新建请运行：drafter new {shell_arg(args.facts)}")
    return _run_wizard(args, "edit")


def cmd_verify(args: argparse.Namespace) -> int:
    from drafter.docx.verify import verify_docx

    findings = verify_docx(args.docx)
    if args.format == "json":
        print(console.findings_json(findings))
        return EXIT_INVALID if findings else EXIT_OK
    if findings:
        raise FormatDeviationError(f"{args.docx}：有 {len(findings)} 处不符合 GB/T 9704-2012 公文格式", findings)
    console.info(f"{args.docx}：检查通过，未发现不符合 GB/T 9704-2012 公文格式之处。")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from drafter.factfile.schema import schema_text
    from drafter.fsutil import atomic_write_text

    if args.install:
        from drafter.factfile.document import MODELINE_PREFIX
        from drafter.factfile.schema import install_schema

        path = install_schema()
        console.info(f"已安装：{path}")
        console.info(f"在事实文件的第一行写：{MODELINE_PREFIX}{path.as_uri()}")
        return EXIT_OK
    text = schema_text()
    if args.output:
        atomic_write_text(args.output, text)
        console.info(f"已写入：{args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from drafter.importing.recognise import import_to_file

    outcome = import_to_file(args.source, args.output, keep_all=args.keep_all)
    console.import_report(outcome)
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    from drafter.review.folder import review_folder
    from drafter.review.summary import review_json, write_results

    out_dir = args.output or args.folder / "审阅结果"
    review = review_folder(args.folder, previous=args.previous,
                           progress=console.ProgressLine(label="正在审阅", failed="无法读取"))
    written = write_results(review, out_dir, annotate=args.annotate)
    if args.format == "json":
        print(review_json(review))
    else:
        console.folder_review_report(review, written)
    return review.exit_code


def cmd_serve(args: argparse.Namespace) -> int:
    from drafter.web.serve import serve

    return serve(args.folder, host=args.host, port=args.port, open_browser=not args.no_browser,
                 allow_remote=args.allow_remote)
