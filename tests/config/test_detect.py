"""Any configuration file: presets match their project copies, every shipped file validates,
and a bad file gets one clear message naming it (``collectsim validate``)."""

import filecmp
from pathlib import Path

import pytest

from collectsim.cli import main
from collectsim.config import list_presets, load_any
from collectsim.config.files import KINDS, builtin_dir

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("kind", list(KINDS))
def test_project_copies_match_builtin_presets(kind):
    for name in list_presets(kind):
        copy = ROOT / KINDS[kind] / f"{name}.toml"
        assert copy.is_file(), f"{copy} missing"
        assert filecmp.cmp(copy, builtin_dir(kind) / f"{name}.toml", shallow=False), name


@pytest.mark.parametrize(
    "path", sorted(str(p) for k in KINDS.values() for p in (ROOT / k).glob("*.toml"))
)
def test_every_shipped_file_validates(path):
    _, obj = load_any(path)
    assert obj.name == Path(path).stem


def _write(tmp_path: Path, folder: str, text: str) -> Path:
    d = tmp_path / folder
    d.mkdir(exist_ok=True)
    p = d / "bad.toml"
    p.write_text(text)
    return p


BAD = [
    (
        "strategies",
        'name = "x"\n[[segments]]\nname="a"\ndays_past_due=[1, 30]\n'
        'treatments=[{channel="pigeon"}]',
        "segments[0].treatments[0].channel",
    ),
    (
        "strategies",
        'name = "x"\ncolour = "red"\n[[segments]]\nname="a"\ndays_past_due=[1,30]',
        "colour",
    ),
    (
        "strategies",
        'name = "x"\n[capacity]\ncollectors = -3\n[[segments]]\nname="a"\ndays_past_due=[1,30]',
        "capacity.collectors",
    ),
    (
        "strategies",
        'name = "x"\n[capacity]\ncollectors = "ten"\n[[segments]]\nname="a"\ndays_past_due=[1,30]',
        "capacity.collectors",
    ),
    (
        "strategies",
        'name = "x"\n[[segments]]\nname="a"\ndays_past_due=[1,30]\n'
        'treatments=[{channel="sms", tone="rude"}]',
        "tone",
    ),
    (
        "strategies",
        'name = "x"\n[[segments]]\nname="a"\ndays_past_due=[1,30]\n'
        '[[segments]]\nname="b"\ndays_past_due=[40,90]',
        "31-39",
    ),
    (
        "strategies",
        'name = "x"\n[[segments]]\nname="a"\ndays_past_due=[1,60]\n'
        '[[segments]]\nname="b"\ndays_past_due=[30,90]',
        "'b' never matches days 30-60",
    ),
    (
        "strategies",
        'name = "x"\n[[segments]]\nname="a"\ndays_past_due=[1,30]\n'
        'treatments=[{channel="sms"}, {channel="sms", every_days=2}]',
        "repeated: sms",
    ),
    ("scenarios", 'name = "x"\n[economy]\nunemployment_rate = 1.5', "unemployment_rate"),
    (
        "scenarios",
        'name = "x"\n[regulation]\nmax_contacts_per_week = -1',
        "regulation.max_contacts_per_week",
    ),
    (
        "portfolios",
        'name = "x"\n[[products]]\nkind="card"\nshare=1.0\nbalance={median=1000}\nannual_rate=0.1',
        "products[0].kind",
    ),
    (
        "portfolios",
        'name = "x"\n[[products]]\nkind="credit_card"\nshare=0.5\n'
        "balance={median=1000}\nannual_rate=0.1",
        "sum",
    ),
]


@pytest.mark.parametrize("folder, text, needle", BAD)
def test_bad_file_one_clear_message_exit_2(tmp_path, capsys, folder, text, needle):
    path = _write(tmp_path, folder, text)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and needle in err
    assert "Traceback" not in err


def test_validate_ok_and_missing_file(tmp_path, capsys):
    assert main(["validate", str(ROOT / "strategies" / "standard.toml")]) == 0
    assert "ok" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "nope.toml")]) == 2
    assert "not found" in capsys.readouterr().err


def test_toml_syntax_error(tmp_path, capsys):
    path = _write(tmp_path, "scenarios", "name = \n")
    assert main(["validate", str(path)]) == 2
    assert "valid TOML" in capsys.readouterr().err
