"""The dashboard in a real browser: Debian's Chromium driven by Playwright, offline.

The server runs as ``collectsim dashboard --port 0`` in a scratch project
(a results folder in it), on a free loopback port. The test loads both
modes, changes controls, checks that the charts change and that bad input
is a message on the page, saves an experiment, and fails on any console
error, page error or failed request (a missing offline asset would be one).
Screenshots are kept in pytest's temporary folder and their paths printed.

Skipped, with the reason, when no Chromium or no Playwright is installed;
Playwright never downloads a browser here (``executable_path`` is the
system's).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from collectsim.config import load_any
from report_fixtures import make_results_folder

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 2400}


def _browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


try:
    from playwright.sync_api import Page, sync_playwright
except ImportError:  # pragma: no cover - the dashboard extra is not installed
    sync_playwright = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        _browser() is None,
        reason=f"no headless browser found (looked for {', '.join(BROWSERS)}); "
        "install Debian's chromium to run this test",
    ),
    pytest.mark.skipif(
        sync_playwright is None, reason="Playwright is not installed (pip install -e '.[dev]')"
    ),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    make_results_folder(root / "results" / "demo")
    return root


@pytest.fixture(scope="module")
def url(project: Path) -> Iterator[str]:
    """The dashboard's address; the server is stopped after the module's tests."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "collectsim", "dashboard", "--port", "0"]
    server = subprocess.Popen(
        command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()  # the address, once the port is bound
        assert "http://127.0.0.1:" in line, f"no address printed: {line!r}"
        yield line.split()[2]
    finally:
        server.terminate()
        server.wait(timeout=30)


def _pixels(png: bytes) -> np.ndarray:
    return matplotlib.image.imread(io.BytesIO(png), format="png")[..., :3]


def _wait_for_text(page: Page, selector: str, text: str, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shown = page.locator(selector).first.inner_text()
        if text in shown:
            return shown
        page.wait_for_timeout(250)
    raise AssertionError(f"{selector} never showed {text!r}; last: {shown!r}")


def _hover_text(page: Page, selector: str, needle: str) -> str:
    """Move the mouse over a chart until its tooltip shows ``needle``; '' if it never does."""
    chart = page.locator(selector)
    box = chart.bounding_box()
    assert box is not None
    for i in range(2, 39):
        for j in range(4, 19):
            page.mouse.move(box["x"] + box["width"] * i / 40, box["y"] + box["height"] * j / 20)
            text = chart.inner_text()
            if needle in text:
                return text
    return ""


def _set_number(page: Page, css: str, value: str) -> None:
    box = page.locator(f".{css} input").first
    box.fill(value)
    box.press("Enter")


@pytest.fixture
def page(url: str, tmp_path: Path) -> Iterator[tuple[Page, list[str]]]:
    """A fresh browser profile on the dashboard; the list collects every error the page logs."""
    assert sync_playwright is not None
    problems: list[str] = []
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=_browser(), headless=True, args=FLAGS,
            viewport=VIEWPORT,
        )  # fmt: skip
        page = context.pages[0] if context.pages else context.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
        page.goto(url)
        page.wait_for_selector(".cs-run", timeout=60_000)
        yield page, problems
        context.close()


def test_live_mode_runs_both_strategies_and_redraws(
    page: tuple[Page, list[str]], project: Path, tmp_path: Path
) -> None:
    p, problems = page
    _set_number(p, "cs-borrowers", "3000")
    _set_number(p, "cs-days", "90")
    _set_number(p, "cs-scenario-contact_cap", "3")
    _wait_for_text(p, ".cs-changes", "Contact cap: 3 a week instead of 7 a week")
    p.locator(".cs-step30").click()
    _wait_for_text(p, ".cs-status", "Day 30 of 90")
    chart = p.locator(".cs-chart-cost_to_date")
    p.wait_for_timeout(1500)  # the last redraw reaches the browser
    before = _pixels(chart.screenshot())
    p.locator(".cs-run").click()
    status = _wait_for_text(p, ".cs-status", "finished")
    p.wait_for_timeout(1500)
    after = _pixels(chart.screenshot())
    assert "days/s" in status
    assert before.shape == after.shape and np.abs(before - after).max() > 0.2
    shot = tmp_path / "dashboard-live.png"
    p.screenshot(path=str(shot))
    print(f"screenshot: {shot}; {status}")

    _set_number(p, "cs-scenario-contact_cap", "-1")
    alert = _wait_for_text(p, ".cs-error", "max_calls_and_visits_per_week")
    assert "Traceback" not in p.locator("body").inner_text() and ">= 0" in alert
    _set_number(p, "cs-scenario-contact_cap", "4")
    p.locator(".cs-save-button").click()
    saved = _wait_for_text(p, ".cs-saved", "collectsim run experiments/")
    path = saved.split("collectsim run ")[1].strip()
    cwd = Path.cwd()
    os.chdir(project)
    try:
        kind, experiment = load_any(path)
    finally:
        os.chdir(cwd)
    assert (
        kind == "experiment"
        and experiment.scenarios[0].regulation.max_calls_and_visits_per_week == 4
    )
    assert problems == []


def test_results_mode_opens_a_folder_and_refuses_others(
    page: tuple[Page, list[str]], tmp_path: Path
) -> None:
    p, problems = page
    p.get_by_text("Results", exact=True).click()
    _set_number(p, "cs-folder-path", str(tmp_path / "not-there"))
    p.locator(".cs-open").click()
    _wait_for_text(p, ".cs-error", "no such folder")
    _set_number(p, "cs-folder-path", "results/demo")
    p.locator(".cs-open").click()
    chart = p.locator(".cs-chart-metric")
    chart.wait_for(timeout=30_000)
    p.wait_for_timeout(1500)
    before = _pixels(chart.screenshot())
    assert np.ptp(before) > 0.5  # drawn, not blank
    tip = _hover_text(p, ".cs-chart-metric", "95% low")
    assert "mean" in tip and "95% high" in tip
    p.locator(".cs-metric").click()
    p.locator(".v-menu__content .v-list-item", has_text="complaints_per_10k").first.click()
    p.wait_for_timeout(1500)
    after = _pixels(chart.screenshot())
    assert np.abs(before - after).max() > 0.2
    for key in ("differences", "tradeoff", "daily"):
        assert p.locator(f".cs-chart-{key}").count() == 1
    shot = tmp_path / "dashboard-results.png"
    p.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    assert problems == []
