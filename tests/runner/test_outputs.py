"""Assembling the output files: formatting and writing through a temporary file."""

from __future__ import annotations

import pytest

from collectsim.runner.outputs import _stream


def test_stream_writes_header_and_chunks(tmp_path):
    target = tmp_path / "runs.csv"
    _stream(target, ["a", "b"], iter(["1,2\n", "3,4\n"]))
    assert target.read_text() == "a,b\n1,2\n3,4\n"
    assert [p.name for p in tmp_path.iterdir()] == ["runs.csv"]


def test_stream_leaves_no_temporary_file_when_a_chunk_fails(tmp_path):
    target = tmp_path / "runs.csv"
    target.write_text("old\n")

    def chunks():
        yield "1,2\n"
        raise ValueError("a part that cannot be read")

    with pytest.raises(ValueError, match="cannot be read"):
        _stream(target, ["a", "b"], chunks())
    assert [p.name for p in tmp_path.iterdir()] == ["runs.csv"]
    assert target.read_text() == "old\n"  # the previous file is untouched
