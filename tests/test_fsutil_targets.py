"""Where a write lands (issue 13 items 5, 6): through links, never onto a device or a pipe."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drafter.errors import OutputError
from drafter.fsutil import atomic_write_bytes, write_target
from tests.helpers.skips import skip_outside_ci


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full", "/dev/stdout", "/dev/zero"])
def test_a_device_is_refused_without_touching_it(device: str):
    if not os.path.exists(device):
        skip_outside_ci(f"{device} does not exist on this system (the device tests need a POSIX /dev)")
    with pytest.raises(OutputError, match="这不是普通文件"):
        write_target(Path(device))  # only looks: a regression here cannot replace the device


def test_a_fifo_is_refused(tmp_path: Path):
    fifo = tmp_path / "out.docx"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="这不是普通文件"):
        atomic_write_bytes(fifo, b"x")
    assert not fifo.is_file()


def test_a_write_goes_through_a_link_and_keeps_it(tmp_path: Path):
    real = tmp_path / "a" / "real.docx"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.docx"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert not list(real.parent.glob(".*.tmp")) and not list(tmp_path.glob(".*.tmp"))


def test_a_dangling_link_gets_its_target_created(tmp_path: Path):
    link = tmp_path / "link.docx"
    link.symlink_to(tmp_path / "target.docx")
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and (tmp_path / "target.docx").read_bytes() == b"new"


def test_a_link_loop_and_an_overlong_name_are_chinese(tmp_path: Path):
    loop = tmp_path / "loop.docx"
    loop.symlink_to(loop)
    with pytest.raises(OutputError, match="循环"):
        atomic_write_bytes(loop, b"x")
    with pytest.raises(OutputError, match="文件名或路径过长"):
        atomic_write_bytes(tmp_path / ("报" * 100 + ".docx"), b"x")


_NOT_A_FILE = "：这不是普通文件（而是设备、管道或其他特殊文件），不能写入结果。请给出一个普通的文件名，例如 报告.docx。"


@pytest.mark.parametrize("through", ["/dev/fd", "/proc/self/fd"])
def test_a_descriptor_path_is_refused_even_when_it_leads_to_a_file(tmp_path: Path, through: str):
    """`-o /dev/stdout` with the output redirected to a file: a regular file at the end, but the
    descriptor's, which an atomic rename would replace by a new file nobody reads (issue 13 item 5)."""
    if not os.path.isdir(through):
        skip_outside_ci(f"{through} does not exist on this system (the descriptor tests need Linux)")
    real = tmp_path / "redirect.txt"
    with real.open("wb") as handle:
        path = Path(f"{through}/{handle.fileno()}")
        with pytest.raises(OutputError) as info:
            write_target(path)
    assert str(info.value) == f"{path}{_NOT_A_FILE}"


def test_a_device_is_refused_in_words_that_say_what_to_give_instead():
    if not os.path.exists("/dev/null"):
        skip_outside_ci("/dev/null does not exist on this system (the device tests need a POSIX /dev)")
    with pytest.raises(OutputError) as info:
        write_target(Path("/dev/null"))
    assert str(info.value) == f"/dev/null{_NOT_A_FILE}"
