"""Fonts: a CJK font shipped with the package, and one line instead of a flood of warnings.

Strategy and scenario names may be Chinese. matplotlib's default font has no
Chinese glyphs, so the package depends on ``noto-cjk-sans-otc`` (Noto Sans
CJK, SIL Open Font License 1.1), registers its font with matplotlib when the
report layer is imported, and appends it (and any CJK font installed on the
machine) to the font families: matplotlib falls back glyph by glyph, so a
fresh install draws Chinese names without any system font.

A character no installed font has would make matplotlib warn once per glyph
per figure ("Glyph 28201 missing from font(s) DejaVu Sans"), 120 lines for a
report. :func:`one_glyph_warning` collects those and says once, in one line,
which characters draw as boxes.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib
from matplotlib import font_manager

from collectsim.errors import ConfigWarning

#: fonts with Chinese glyphs, tried after the default: the bundled one first
CJK_FONTS = ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei")

_GLYPH = re.compile(r"Glyph (\d+) .*missing from font")
#: characters already reported as missing in this process
_reported: set[str] = set()


def bundled_cjk_font() -> Path | None:
    """The CJK font file the package depends on, or None where it is not installed."""
    try:
        from noto_cjk_sans_otc import FONT_PATH
    except ImportError:  # pragma: no cover - a dependency; a broken install still plots
        return None
    path = Path(str(FONT_PATH))
    return path if path.is_file() else None


def register_cjk_fonts() -> list[str]:
    """Register the bundled CJK font with matplotlib and append every CJK font available
    to the font families (matplotlib >= 3.6 falls back glyph by glyph along them).

    Returns the families added; calling it again adds nothing.
    """
    path = bundled_cjk_font()
    known = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    if path is not None and path not in known:
        font_manager.fontManager.addfont(str(path))
    installed = {f.name for f in font_manager.fontManager.ttflist}
    current = list(matplotlib.rcParams["font.family"])
    added = [f for f in CJK_FONTS if f in installed and f not in current]
    if added:
        matplotlib.rcParams["font.family"] = current + added
    return added


@contextmanager
def one_glyph_warning() -> Iterator[None]:
    """Inside: matplotlib's per-glyph warnings are held back; at the end, one warning
    names the characters (not reported before in this process) that draw as boxes.
    Other warnings pass through unchanged."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    missing: list[str] = []
    for w in caught:
        match = _GLYPH.search(str(w.message))
        if match is None:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
            continue
        char = chr(int(match.group(1)))
        if char not in _reported and char not in missing:
            missing.append(char)
    if missing:
        _reported.update(missing)
        warnings.warn(
            f"{len(missing)} character(s) in names have no glyph in any installed font and "
            f"draw as empty boxes: {' '.join(missing)}",
            ConfigWarning,
            stacklevel=3,
        )
