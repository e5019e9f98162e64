"""Serve the dashboard on this machine: Solara's server under uvicorn, offline.

The page's scripts and styles come from the ``solara-assets`` package (the
files Solara would otherwise fetch from a CDN), and fetching is switched off,
so the dashboard never reaches the network; Solara's usage telemetry is off
too. The server binds 127.0.0.1 unless told otherwise: it has no login.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from collections.abc import Callable
from pathlib import Path

from collectsim.errors import CollectsimError, ConfigError

APP = "collectsim.dashboard.app"
#: the packages of scripts every page loads, as Solara's page template names them
CORE_ASSETS = re.compile(r"(@widgetti/solara-vuetify-app@[0-9.]+|requirejs@[0-9.]+)/")
EXTRA_HINT = "install the dashboard's packages: pip install 'collectsim[dashboard]'"


class DashboardError(CollectsimError):
    """The dashboard cannot start (missing packages, port taken)."""

    exit_status = 2


def _environment() -> None:
    """Solara reads its settings from the environment when first imported."""
    os.environ["SOLARA_APP"] = APP
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "false")
    os.environ.setdefault("SOLARA_MODE", "production")


def _offline() -> None:
    """Serve assets only from the installed copies; a missing one is a 404, not a download."""
    try:
        from solara.server import cdn_helper, settings
    except ImportError as exc:
        raise DashboardError(f"the dashboard needs Solara ({exc}); {EXTRA_HINT}") from None
    missing = missing_assets(Path(settings.assets.proxy_cache_dir))
    if missing:
        raise DashboardError(
            f"Solara's page assets are not installed ({', '.join(missing)} not in "
            f"{settings.assets.proxy_cache_dir}); {EXTRA_HINT}"
        )
    if not hasattr(cdn_helper, "fetch_from_cdn"):
        raise DashboardError("this Solara version is not supported; " + EXTRA_HINT)

    def refuse(url: str) -> bytes:
        raise FileNotFoundError(f"not installed locally, and the dashboard stays offline: {url}")

    cdn_helper.fetch_from_cdn = refuse


def missing_assets(cache: Path) -> list[str]:
    """The script packages Solara's page template loads that the offline copy lacks
    (solara-assets must match the installed Solara's versions)."""
    import solara.server

    template = Path(solara.server.__file__).parent / "templates" / "solara.html.j2"
    names = sorted(set(CORE_ASSETS.findall(template.read_text(encoding="utf-8"))))
    if not names:
        return ["the page template's script list (this Solara version is not supported)"]
    return [name for name in names if not (cache / name).is_dir()]


def check_host(host: str) -> str | None:
    """A warning when ``host`` is reachable from other machines; None for loopback.

    >>> check_host("127.0.0.1") is None, check_host("localhost") is None
    (True, True)
    >>> "no login" in check_host("0.0.0.0")
    True
    """
    if host == "localhost":
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass
    return f"the dashboard has no login: anyone who can reach {host} can use it"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: any free one); ConfigError when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(None, "--port", f"a free port on {host} ({exc.strerror})", port) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(
    host: str = "127.0.0.1", port: int = 8765, announce: Callable[[str], None] = print
) -> None:
    """Run the dashboard until interrupted; ``announce`` gets the URL once bound."""
    _environment()
    _offline()
    import uvicorn

    sock = bind(host, port)
    bound = sock.getsockname()[1]
    os.environ["SERVER_NAME"], os.environ["SERVER_PORT"] = host, str(bound)
    shown = f"[{host}]" if ":" in host else host
    warning = check_host(host)
    if warning:
        announce(f"warning: {warning}")
    announce(f"collectsim dashboard: http://{shown}:{bound}/  (Ctrl-C to stop)")
    config = uvicorn.Config(
        "solara.server.starlette:app", log_level="warning", access_log=False, lifespan="on"
    )
    uvicorn.Server(config).run(sockets=[sock])
