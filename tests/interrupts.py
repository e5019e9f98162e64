"""Interrupting a run part-way, as Ctrl-C would."""

from __future__ import annotations

from collectsim import simulation


def interrupt_at_run(monkeypatch, n: int):
    """Make the ``n``-th simulation of this process raise KeyboardInterrupt (serial backend);
    returns the real function, to put back."""
    real = simulation.simulate
    calls = {"n": 0}

    def interrupted(*args, **kw):
        calls["n"] += 1
        if calls["n"] == n:
            raise KeyboardInterrupt
        return real(*args, **kw)

    monkeypatch.setattr(simulation, "simulate", interrupted)
    return real
