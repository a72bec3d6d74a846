"""Inputs are regular files read with a bound (issue 13 items 9, 10): no hang, no memory blow-up."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drafter.batch import build_many
from drafter.errors import InputFileError
from drafter.inputs import InputTooLarge, human_size, read_regular, require_regular
from tests.helpers.samples import MINIMAL
from tests.helpers.skips import skip_outside_ci


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_not_read(device: str):
    if not os.path.exists(device):
        skip_outside_ci(f"{device} does not exist on this system (the device tests need a POSIX /dev)")
    with pytest.raises(InputFileError, match="这不是普通文件"):
        read_regular(device, 10)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path):
    fifo = tmp_path / "facts.yaml"
    os.mkfifo(fifo)  # nobody writes to it: opening it for reading would block forever
    with pytest.raises(InputFileError, match="这不是普通文件"):
        read_regular(fifo, 10)
    with pytest.raises(InputFileError, match="这不是普通文件"):
        require_regular(fifo)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(5 * 1024 * 1024 * 1024)  # sparse: 5 GB that would take minutes and all memory to read
    with pytest.raises(InputTooLarge) as caught:
        read_regular(big, 1024)
    assert caught.value.size == 5 * 1024 * 1024 * 1024 and "超过上限" in caught.value.message
    (tmp_path / "small").write_bytes(b"abc")
    assert read_regular(tmp_path / "small", 3) == b"abc"


def test_missing_folder_and_dangling_link_are_told_apart(tmp_path: Path):
    with pytest.raises(InputFileError, match="文件不存在"):
        read_regular(tmp_path / "无此文件.yaml", 10)
    with pytest.raises(InputFileError, match="文件夹"):
        read_regular(tmp_path, 10)
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "gone.yaml")
    with pytest.raises(InputFileError, match="指向不存在文件的快捷方式"):
        read_regular(link, 10)


def test_a_folder_build_names_every_entry_it_could_not_build(tmp_path: Path):
    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    (folder / "dangling.yaml").symlink_to(folder / "nothing.yaml")
    os.mkfifo(folder / "pipe.yaml")
    (folder / "folder.yaml").mkdir()
    batch = build_many([folder], tmp_path / "out", jobs=1)
    messages = {o.facts.name: o.message for o in batch.failures}
    assert set(messages) == {"dangling.yaml", "pipe.yaml", "folder.yaml"}
    assert "快捷方式" in messages["dangling.yaml"] and "这不是普通文件" in messages["pipe.yaml"]
    assert "文件夹" in messages["folder.yaml"]
    assert (tmp_path / "out" / "good.docx").is_file()


@pytest.mark.parametrize("size, shown", [
    (2 * 1024 * 1024, "2 MB"),
    (2 * 1024 * 1024 + 1, "2.1 MB"),  # just over a 2 MB limit never reads as the limit itself
    (50 * 1024 * 1024 + 7, "50 MB"),
    (300 * 1024, "300 KB"),
    (5, "1 KB"),
])
def test_sizes_in_messages_never_round_down_to_their_limit(size: int, shown: str):
    assert human_size(size) == shown
