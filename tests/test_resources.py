"""drafter's own data files are read with PyYAML/libyaml: they must mean what ruamel (YAML 1.2) reads.

PyYAML speaks YAML 1.1, where `no`, `on` or `0755` change meaning; this test fails as soon as a data
file uses such a value, so the faster parser can never silently read different data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from ruamel.yaml import YAML

from drafter import resources

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = sorted([*ROOT.glob("templates/*.yaml"), *ROOT.glob("prompts/*.yaml"),
                     *ROOT.glob("examples/*/facts.yaml")])


def test_there_are_data_files() -> None:
    names = {p.name for p in DATA_FILES}
    assert {"format.yaml", "fonts.yaml", "sections.yaml", "checks.yaml", "report.yaml", "facts.yaml"} <= names


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_libyaml_reads_what_ruamel_reads(path: Path) -> None:
    assert resources.load_data(path) == YAML(typ="safe", pure=True).load(path.read_text("utf-8"))


def test_a_yaml_1_1_value_would_be_caught(tmp_path: Path) -> None:
    """The comparison above is not vacuous: `no` is False to PyYAML and a string to ruamel."""
    path = tmp_path / "x.yaml"
    path.write_text("answer: no\n", encoding="utf-8")
    assert resources.load_data(path) != YAML(typ="safe", pure=True).load(path.read_text("utf-8"))


def test_the_c_parser_is_used_where_pyyaml_has_it() -> None:
    assert resources._LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


def test_without_libyaml_the_pure_python_loader_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PyYAML built without libyaml has no CSafeLoader: the data files still load, and the same."""
    import importlib

    expected = {path: resources.load_data(path) for path in DATA_FILES}
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    try:
        importlib.reload(resources)
        assert resources._LOADER is yaml.SafeLoader
        assert {path: resources.load_data(path) for path in DATA_FILES} == expected
    finally:
        monkeypatch.undo()
        importlib.reload(resources)
    assert resources._LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def test_a_data_file_is_parsed_once_and_then_read_from_the_cache(tmp_path, monkeypatch) -> None:
    """The parsed data is kept in the cache folder; a changed or damaged cache is never served."""
    from drafter import resources

    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    data_file = tmp_path / "rules.yaml"
    data_file.write_text("rules:\n  - {code: a, words: [甲, 乙]}\n", encoding="utf-8")
    assert resources.load_data(data_file) == {"rules": [{"code": "a", "words": ["甲", "乙"]}]}
    (kept,) = (tmp_path / "cache").glob("data-rules-*.bin")

    parsed: list[str] = []
    real_load = resources.yaml.load
    def counted(text: str, Loader: type) -> object:  # noqa: N803 - yaml.load's own keyword
        parsed.append(text)
        return real_load(text, Loader=Loader)

    monkeypatch.setattr(resources.yaml, "load", counted)
    assert resources.load_data(data_file) == {"rules": [{"code": "a", "words": ["甲", "乙"]}]}
    assert parsed == []  # from the cache

    kept.write_bytes(kept.read_bytes()[:-3] + b"xyz")  # damaged
    assert resources.load_data(data_file) == {"rules": [{"code": "a", "words": ["甲", "乙"]}]}
    assert len(parsed) == 1

    data_file.write_text("rules: []\n", encoding="utf-8")  # edited: another size and time, another key
    assert resources.load_data(data_file) == {"rules": []}
    assert len(parsed) == 2
