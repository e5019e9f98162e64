"""The one way a file is written: whole or not at all."""

from __future__ import annotations

import pytest

from collectsim.runner.atomic import TMP_PREFIX, atomic_write_text


def test_text_or_chunks_replace_the_file_whole(tmp_path):
    target = tmp_path / "a.csv"
    target.write_text("old\n")
    atomic_write_text(target, "new\n")
    assert target.read_text() == "new\n"
    atomic_write_text(target, iter(["a,b\n", "1,2\n"]))
    assert target.read_text() == "a,b\n1,2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_line_ends_are_written_as_given(tmp_path):
    target = tmp_path / "a.csv"
    atomic_write_text(target, "x\ny\n")
    assert target.read_bytes() == b"x\ny\n"


def test_a_failure_mid_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "a.csv"
    target.write_text("old\n")

    def chunks():
        yield "new,"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, chunks())
    assert target.read_text() == "old\n"
    assert not list(tmp_path.glob(f"{TMP_PREFIX}*"))
