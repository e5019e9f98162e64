"""``collectsim dashboard``: its flags, and a port already taken is exit 2 with a message."""

from __future__ import annotations

import socket

import pytest

from collectsim.cli import build_parser, main


def test_defaults_bind_loopback() -> None:
    args = build_parser().parse_args(["dashboard"])
    assert (args.host, args.port) == ("127.0.0.1", 8765)
    args = build_parser().parse_args(["dashboard", "--port", "0", "--host", "::1"])
    assert (args.host, args.port) == ("::1", 0)


def test_taken_port_exits_2(capsys: pytest.CaptureFixture) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["dashboard", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert "--port" in err and str(port) in err and "Traceback" not in err
