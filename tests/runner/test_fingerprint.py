"""The code fingerprint changes with the code that computes results, and only with it."""

from __future__ import annotations

import shutil

from collectsim.runner.fingerprint import PACKAGE, code_fingerprint, source_files


def test_an_edit_of_the_model_changes_the_fingerprint_and_of_the_report_does_not(tmp_path):
    copy = tmp_path / "collectsim"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_fingerprint(copy)
    assert before == code_fingerprint.__wrapped__(PACKAGE)  # same bytes, same fingerprint
    (copy / "report" / "html.py").write_text("# presentation only\n")
    assert code_fingerprint.__wrapped__(copy) == before
    engine = copy / "engine" / "repayment.py"
    engine.write_text(engine.read_text() + "\n# an edit\n")
    assert code_fingerprint.__wrapped__(copy) != before


def test_it_covers_the_engine_the_model_and_the_schemas():
    names = {p.relative_to(PACKAGE).as_posix() for p in source_files()}
    assert {"model.py", "simulation.py", "engine/loop.py", "config/strategy.py"} <= names
    assert not any(n.startswith(("report/", "cli/", "analysis/")) for n in names)
