"""The report looks right in a real browser: headless Chromium renders it to a non-blank page.

Skipped, with the reason, only when no Chromium or Chrome binary is installed
(CI installs Debian's ``chromium`` in ``.ci/run``). A blank page is rendered
too, so the blankness check is itself shown to tell the two apart.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from collectsim.report.html import write_report
from report_fixtures import make_results_folder

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
WIDTH, HEIGHT = 1280, 2000

#: each test renders a whole report (seconds)
pytestmark = pytest.mark.slow


def _browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


pytestmark = pytest.mark.skipif(
    _browser() is None,
    reason=f"no headless browser found (looked for {', '.join(BROWSERS)}); "
    "install Debian's chromium to run this test",
)


def screenshot(page: Path, out: Path, profile: Path) -> np.ndarray:
    """Render ``page`` with headless Chromium, offline, and return the screenshot's RGB pixels."""
    command = [
        str(_browser()),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--screenshot={out}",
        f"--window-size={WIDTH},{HEIGHT}",
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    assert out.is_file(), f"chromium wrote no screenshot (exit {done.returncode}): {done.stderr}"
    return (matplotlib.image.imread(out)[..., :3] * 255).astype(np.uint8)


def looks_blank(pixels: np.ndarray) -> bool:
    """Nearly all one colour: under 5% of pixels away from white, or fewer than 50 colours."""
    ink = np.any(pixels < 235, axis=-1).mean()
    packed = pixels.reshape(-1, 3).astype(np.uint32) @ np.array([1 << 16, 1 << 8, 1], np.uint32)
    colours = len(np.unique(packed))
    return ink < 0.05 or colours < 50


def test_report_renders_as_a_page_with_content(tmp_path: Path) -> None:
    folder = make_results_folder(tmp_path / "demo", strategies=("gentle", "standard", "<b>x</b>"))
    report = write_report(folder)
    pixels = screenshot(report, tmp_path / "report.png", tmp_path / "profile")
    assert pixels.shape[:2] == (HEIGHT, WIDTH)
    assert not looks_blank(pixels)
    top = pixels[:120]  # the header band: dark blue, not a default white page
    assert (top[..., 2].astype(int) - top[..., 0].astype(int) > 60).mean() > 0.5


def test_blank_page_is_detected_as_blank(tmp_path: Path) -> None:
    page = tmp_path / "blank.html"
    page.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    assert looks_blank(screenshot(page, tmp_path / "blank.png", tmp_path / "profile"))
