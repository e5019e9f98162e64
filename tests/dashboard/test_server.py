"""Starting the server: loopback by default, a taken port or missing assets is a message."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from collectsim.dashboard import server
from collectsim.errors import ConfigError


def test_a_taken_port_is_a_message_naming_it() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(ConfigError, match=f"--port.*{port}"):
            server.bind("127.0.0.1", port)


def test_port_zero_picks_a_free_loopback_port() -> None:
    sock = server.bind("127.0.0.1", 0)
    try:
        host, port = sock.getsockname()
        assert host == "127.0.0.1" and port > 0
    finally:
        sock.close()


def test_missing_offline_assets_say_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from solara.server import settings

    monkeypatch.setattr(settings.assets, "proxy_cache_dir", tmp_path)
    with pytest.raises(server.DashboardError, match=r"collectsim\[dashboard\]"):
        server._offline()


def test_nothing_is_fetched_from_a_cdn(monkeypatch: pytest.MonkeyPatch) -> None:
    from solara.server import cdn_helper

    monkeypatch.setattr(cdn_helper, "fetch_from_cdn", cdn_helper.fetch_from_cdn)
    server._offline()
    with pytest.raises(FileNotFoundError, match="offline"):
        cdn_helper.fetch_from_cdn("https://example.invalid/x.js")


def test_without_solara_the_message_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "solara.server", None)
    with pytest.raises(server.DashboardError, match=r"pip install 'collectsim\[dashboard\]'"):
        server._offline()
