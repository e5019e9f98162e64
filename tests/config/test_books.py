"""Experiments that cross strategies with books, or pair each strategy with its own."""

import pytest

from collectsim.config.experiment import load_experiment
from collectsim.errors import ConfigErrors

HEAD = """
name = "books"
seed = 1
replications = 1
borrowers = 100
horizon_days = 5
portfolio = "mixed"
scenarios = ["baseline"]
"""


def _write(tmp_path, text):
    path = tmp_path / "books.toml"
    path.write_text(HEAD + text, encoding="utf-8")
    return path


def test_an_experiment_on_one_book_has_no_books():
    exp = load_experiment("quickstart")
    assert exp.books == () and exp.portfolio_of(0) is exp.portfolio
    assert "books" not in exp.resolved()


def test_crossing_runs_each_strategy_on_each_book_and_pairing_keeps_its_own(tmp_path):
    path = _write(
        tmp_path,
        'portfolios = ["mixed", { name = "strict", base = "mixed", '
        'set = { "screening.strictness" = 0.5 } }]\n'
        'strategies = ["standard", { name = "digital", base = "internet_bank_automated", '
        'portfolio = "small_digital" }]\n',
    )
    exp = load_experiment(path)
    names = [s.name for s in exp.strategies]
    assert names == ["standard@mixed", "standard@strict", "digital"]
    assert [exp.portfolio_of(i).name for i in range(3)] == ["mixed", "strict", "small_digital"]
    assert exp.portfolio_of(1).screening.strictness == 0.5
    assert len(exp.resolved()["books"]) == 3


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('strategies = ["standard"]\nportfolios = ["no_such_book"]\n', "portfolios[0]"),
        ('strategies = [{ name = "s", base = "standard", portfolio = "nope" }]\n',
         "strategies[0].portfolio"),
        ('strategies = ["standard"]\n'
         'scenarios = [{ name = "v", base = "baseline", portfolio = "mixed" }]\n',
         "scenarios[0].portfolio"),
        ('strategies = ["standard", { name = "standard@mixed", base = "minimal", '
         'portfolio = "mixed" }]\nportfolios = ["mixed"]\n', "strategies"),
    ],
)  # fmt: skip
def test_bad_books_name_the_field(tmp_path, text, field):
    path = _write(tmp_path, text)
    if "scenarios = [{" in text:  # this case names its own scenarios
        path.write_text(HEAD.replace('scenarios = ["baseline"]\n', "") + text, encoding="utf-8")
    with pytest.raises(ConfigErrors) as info:
        load_experiment(path)
    assert any(f"'{field}" in str(e) for e in info.value.errors), info.value.errors
