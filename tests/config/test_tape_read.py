"""Reading a tape: every cell checked, problems named by file, field and rows, ids hashed."""

from __future__ import annotations

import json

import numpy as np
import pytest

from collectsim.config import tape_columns
from collectsim.config.tape import load_book
from collectsim.config.tape_read import read_tape
from collectsim.config.tape_settings import Columns, TapeSettings
from collectsim.errors import ConfigError, ConfigErrors
from tape_fixtures import GOOD_ROWS, write_csv


def _problems(path, settings=None, products=None) -> str:
    with pytest.raises((ConfigError, ConfigErrors)) as info:
        read_tape(path, settings or TapeSettings(), products=products)
    return str(info.value)


def test_a_good_tape_is_read_in_cents_codes_and_hash_order(tmp_path):
    rows = [dict(r, interest_rate="18", grade="B") for r in GOOD_ROWS]
    tape = read_tape(write_csv(tmp_path / "t.csv", rows), TapeSettings(rate_unit="percent"))
    assert tape.rows == 4
    assert np.all(np.diff(tape.id_hash.astype(np.float64)) > 0)  # sorted by hashed id
    by_balance = dict(zip(tape.balance.tolist(), tape.days_past_due.tolist(), strict=True))
    assert by_balance == {120050: 0, 800000: 45, 15000000: 0, 30000: 10}
    assert np.allclose(tape.rate, 0.18) and set(tape.grade.tolist()) == {1}
    assert tape.term_left is None and "term_left" not in tape.fields


def test_row_order_does_not_matter(tmp_path):
    a = read_tape(write_csv(tmp_path / "a.csv", GOOD_ROWS), TapeSettings())
    b = read_tape(write_csv(tmp_path / "b.csv", GOOD_ROWS[::-1]), TapeSettings())
    for name in ("id_hash", "balance", "days_past_due", "product"):
        assert np.array_equal(getattr(a, name), getattr(b, name))


def test_columns_and_codes_are_mapped_and_scores_cut_into_grades(tmp_path):
    rows = [
        {"acct": f"x{i}", "prod": code, "bal": "100", "dpd": "0", "fico": score}
        for i, (code, score) in enumerate([("CC", 780), ("PL", 700), ("CC", 500)])
    ]
    settings = TapeSettings(
        columns=Columns(account_id="acct", product="prod", balance="bal", days_past_due="dpd",
                        score="fico"),
        products={"CC": "credit_card", "PL": "consumer_loan"},
        score_cutoffs=[760, 720, 680, 640],
    )  # fmt: skip
    tape = read_tape(write_csv(tmp_path / "t.csv", rows), settings)
    assert sorted(tape.grade.tolist()) == [0, 2, 4]
    assert sorted(tape.product.tolist()) == [0, 0, 1]


def test_ids_are_hashed_and_never_kept(tmp_path):
    rows = [dict(r, account_id=f"SECRET-{i}=cmd|' /C calc'!A0") for i, r in enumerate(GOOD_ROWS)]
    path = write_csv(tmp_path / "t.csv", rows)
    portfolio = load_book(str(path))
    dumped = json.dumps(portfolio.model_dump(mode="json"))
    assert "SECRET" not in dumped
    tape = read_tape(path, TapeSettings())
    assert tape.id_hash.dtype == np.uint64 and not any(
        isinstance(v, str) and "SECRET" in v for v in vars(tape).values()
    )


@pytest.mark.parametrize(
    ("change", "field", "row"),
    [
        ({"balance": "-5"}, "balance", "row 2"),
        ({"product": "mortgage"}, "product", "row 2"),
        ({"account_id": "a-1"}, "account_id", "row 2"),
        ({"days_past_due": "ten"}, "days_past_due", "row 2"),
        ({"days_past_due": "3.5"}, "days_past_due", "row 2"),
        ({"balance": ""}, "balance", "row 2"),
        ({"status": "closed"}, "status", "row 2"),
    ],
)
def test_each_bad_cell_is_named_by_file_field_and_row(tmp_path, change, field, row):
    rows = [dict(r, status="active") for r in GOOD_ROWS]
    rows[1] = dict(rows[1], **change)
    path = write_csv(tmp_path / "t.csv", rows)
    message = _problems(path)
    assert str(path) in message and f"field '{field}'" in message and row in message


def test_many_bad_rows_give_the_first_few_and_a_count(tmp_path):
    rows = [dict(GOOD_ROWS[0], account_id=f"id{i}", balance="-1") for i in range(12)]
    message = _problems(write_csv(tmp_path / "t.csv", rows))
    assert "rows 1, 2, 3, 4, 5 and 7 more (12 rows)" in message


def test_missing_columns_empty_files_and_header_only_files(tmp_path):
    no_dpd = write_csv(tmp_path / "a.csv", GOOD_ROWS, ["account_id", "product", "balance"])
    assert "column 'days_past_due'" in _problems(no_dpd)
    empty = tmp_path / "b.csv"
    empty.write_text("")
    assert "empty" in _problems(empty)
    header = tmp_path / "c.csv"
    header.write_text("account_id,product,balance,days_past_due\n")
    assert "no rows" in _problems(header)


def test_a_product_the_portfolio_cannot_price_is_named_by_row(tmp_path):
    path = write_csv(tmp_path / "t.csv", GOOD_ROWS)
    message = _problems(path, products=("credit_card", "consumer_loan"))
    assert "field 'product'" in message and "row 3" in message


def test_pandas_reads_what_pyarrow_reads(tmp_path, monkeypatch):
    rows = [dict(r, interest_rate="0.2", grade="C", instalment="") for r in GOOD_ROWS]
    path = write_csv(tmp_path / "t.csv", rows)
    fast = read_tape(path, TapeSettings())
    monkeypatch.setattr(tape_columns, "has_pyarrow", lambda: False)
    slow = read_tape(path, TapeSettings())
    for name in ("id_hash", "balance", "days_past_due", "product", "grade", "rate", "instalment"):
        assert np.array_equal(getattr(fast, name), getattr(slow, name), equal_nan=True), name
    assert set(slow.instalment.tolist()) == {-1}  # empty cells: the model fills them in


def test_parquet_reads_as_csv_does(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    csv_path = write_csv(tmp_path / "t.csv", GOOD_ROWS)
    frame = pd.read_csv(csv_path, dtype={"account_id": str})
    frame.to_parquet(tmp_path / "t.parquet", index=False)
    a = read_tape(csv_path, TapeSettings())
    b = read_tape(tmp_path / "t.parquet", TapeSettings())
    assert np.array_equal(a.id_hash, b.id_hash) and np.array_equal(a.balance, b.balance)
