"""Chinese names draw with the CJK font the package ships; missing glyphs are one line."""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager

from collectsim.errors import ConfigWarning
from collectsim.report import fonts
from collectsim.report.style import new_figure, save_figure


def test_the_shipped_font_is_registered_and_in_the_fallback_chain() -> None:
    path = fonts.bundled_cjk_font()
    assert path is not None and path.is_file()
    assert any(Path(f.fname) == path for f in font_manager.fontManager.ttflist)
    assert "Noto Sans CJK SC" in matplotlib.rcParams["font.family"]
    assert fonts.register_cjk_fonts() == []  # once is enough


def test_a_fresh_install_draws_chinese_names_with_the_shipped_font(tmp_path, monkeypatch):
    """Only the default font and the shipped one: no system CJK font is needed."""
    monkeypatch.setitem(matplotlib.rcParams, "font.family", ["DejaVu Sans", "Noto Sans CJK SC"])
    found = font_manager.findfont(font_manager.FontProperties(family="Noto Sans CJK SC"))
    assert Path(found).name == fonts.bundled_cjk_font().name
    fig = new_figure(3, 2)
    fig.add_subplot().set_title("温和催收 vs 标准")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would raise
        save_figure(fig, tmp_path / "cjk.png")
    assert (tmp_path / "cjk.png").stat().st_size > 0


def test_characters_no_font_has_are_reported_once_not_per_glyph(tmp_path) -> None:
    odd = "\U00013000\U00013001"  # Egyptian hieroglyphs: in no font here
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for k in range(3):
            fig = new_figure(3, 2)
            fig.add_subplot().set_title(f"{odd} strategy {k}")
            save_figure(fig, tmp_path / f"odd{k}.png")
    glyphs = [w for w in caught if "Glyph" in str(w.message)]
    summaries = [w for w in caught if issubclass(w.category, ConfigWarning)]
    assert not glyphs
    assert len(summaries) == 1 and "\U00013000" in str(summaries[0].message)


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_figures_save_as_raster_or_vector(tmp_path, suffix) -> None:
    fig = new_figure(3, 2)
    fig.add_subplot().plot([0, 1], [0, 1])
    path = save_figure(fig, tmp_path / f"f.{suffix}", dpi=200)
    head = path.read_bytes()[:8]
    assert {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}[suffix] in head


def test_the_dpi_sets_a_pngs_size(tmp_path) -> None:
    fig = new_figure(3, 2)
    fig.add_subplot()
    small = matplotlib.image.imread(save_figure(fig, tmp_path / "a.png", dpi=100))
    large = matplotlib.image.imread(save_figure(fig, tmp_path / "b.png", dpi=300))
    assert small.shape[:2] == (200, 300) and large.shape[:2] == (600, 900)
