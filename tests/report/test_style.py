"""Plot style: Chinese names draw with a CJK font where one is installed."""

import warnings

import pytest

from collectsim.report.style import CJK_FONTS, add_cjk_fallback, new_figure, save_figure


def _installed_cjk() -> list[str]:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return [f for f in CJK_FONTS if f in names]


@pytest.mark.skipif(not _installed_cjk(), reason="no CJK font installed (fonts-wqy-microhei)")
def test_chinese_strategy_names_draw_without_missing_glyphs(tmp_path):
    import matplotlib

    add_cjk_fallback()
    assert set(_installed_cjk()) <= set(matplotlib.rcParams["font.family"])
    fig = new_figure(3, 2)
    ax = fig.add_subplot()
    ax.set_title("温和催收 vs standard")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would raise
        save_figure(fig, tmp_path / "cjk.png")
    assert (tmp_path / "cjk.png").stat().st_size > 0
