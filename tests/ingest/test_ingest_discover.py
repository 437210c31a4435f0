"""discover(): files and directories -> supported files, with a warning per skipped file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import SUPPORTED_SUFFIXES, discover


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("正文。", encoding="utf-8")


def test_supported_suffixes_are_the_six_formats() -> None:
    assert SUPPORTED_SUFFIXES == frozenset({".txt", ".md", ".html", ".htm", ".docx", ".pdf"})


def test_discover_expands_directories_recursively_sorted_with_warnings(tmp_path: Path) -> None:
    _touch(tmp_path, "b.txt", "a.HTML", "sub/c.docx", "sub/d.xlsx", ".hidden.txt", ".git/config.txt", "~$lock.docx")
    files, warnings = discover([tmp_path])
    assert files == [tmp_path / "a.HTML", tmp_path / "b.txt", tmp_path / "sub" / "c.docx"]
    assert warnings == [
        f"{tmp_path / '.git'}: hidden directory, skipped",
        f"{tmp_path / '.hidden.txt'}: hidden file, skipped",
        f"{tmp_path / 'sub' / 'd.xlsx'}: unsupported file type ('.xlsx'; supported: "
        ".docx, .htm, .html, .md, .pdf, .txt), skipped",
        f"{tmp_path / '~$lock.docx'}: Office lock file, skipped",
    ]


def test_discover_keeps_input_order_and_drops_repeats(tmp_path: Path) -> None:
    _touch(tmp_path, "z.txt", "a.txt")
    files, warnings = discover([tmp_path / "z.txt", tmp_path, str(tmp_path / "a.txt")])
    assert files == [tmp_path / "z.txt", tmp_path / "a.txt"]
    assert warnings == []


def test_discover_explicit_unsupported_file_is_a_warning(tmp_path: Path) -> None:
    _touch(tmp_path, "notes.rtf")
    assert discover([tmp_path / "notes.rtf"]) == (
        [],
        [f"{tmp_path / 'notes.rtf'}: unsupported file type ('.rtf'; supported: .docx, .htm, .html, .md, .pdf, .txt), skipped"],
    )


def test_discover_missing_input_raises_input_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    with pytest.raises(InputError) as caught:
        discover([missing])
    assert (caught.value.path, caught.value.problem) == (str(missing), "no such file or directory")
