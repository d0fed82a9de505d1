"""Exports lose nothing: a new name each time, never an overwrite, never through a link."""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from iopkit.exports import ExportError, export_name, slug, write_export
from iopkit.userdata import exports_dir

WHEN = datetime(2026, 11, 28, 14, 5, 9)


def test_the_name_holds_trainee_case_kind_and_time():
    name = export_name("plan", ".html", "marcus-depression", trainee="Sam Lee", when=WHEN)
    assert name == "sam-lee_marcus-depression_plan_2026-11-28_1405-09.html"
    assert export_name("week", ".yaml", None, trainee="x", when=WHEN).startswith("x_free-design_")


def test_names_cannot_leave_the_folder():
    name = export_name("week", ".yaml", "../../etc", trainee="../root", when=WHEN)
    assert "/" not in name and ".." not in name
    assert slug("") == "trainee"


def test_exports_go_to_the_trainees_own_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("IOPKIT_DATA_DIR", str(tmp_path / "sam"))
    path = write_export("a: 1\n", "week", ".yaml", "amara", when=WHEN)
    assert path.parent == tmp_path / "sam" / "exports" == exports_dir()
    assert path.read_text() == "a: 1\n"


def test_an_existing_file_is_never_overwritten():
    first = write_export("first", "plan", ".html", "c", when=WHEN)
    second = write_export("second", "plan", ".html", "c", when=WHEN)
    third = write_export(b"third", "plan", ".html", "c", when=WHEN)
    assert len({first, second, third}) == 3
    assert second.name == first.name.replace(".html", "_2.html")
    assert [p.read_text() for p in (first, second, third)] == ["first", "second", "third"]


def test_a_link_in_the_way_is_not_written_through(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("precious")
    folder = exports_dir()
    folder.mkdir(parents=True)
    name = export_name("plan", ".html", "c", when=WHEN)
    os.symlink(outside, folder / name)
    path = write_export("new", "plan", ".html", "c", when=WHEN)
    assert outside.read_text() == "precious"
    assert path != folder / name and not path.is_symlink()
    assert path.read_text() == "new"


def test_an_exports_folder_that_is_a_link_is_refused(tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data = tmp_path / "data"
    data.mkdir()
    (data / "exports").symlink_to(elsewhere)
    monkeypatch.setenv("IOPKIT_DATA_DIR", str(data))
    with pytest.raises(ExportError, match="is a link"):
        write_export("x", "week", ".yaml", "c")
    assert list(elsewhere.iterdir()) == []
