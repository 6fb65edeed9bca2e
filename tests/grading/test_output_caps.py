"""Kernel-side caps: a flood is cut early, once noted, and the next cell starts afresh."""

from __future__ import annotations

import io
import sys

from grading.sandbox.guest import output_caps


class FakeEvents:
    def __init__(self):
        self.hooks = {}

    def register(self, name, hook):
        self.hooks[name] = hook


class FakePublisher:
    def __init__(self):
        self.published = []

    def publish(self, data, metadata=None, **kwargs):
        self.published.append(data)


class FakeShell:
    def __init__(self):
        self.events = FakeEvents()
        self.display_pub = FakePublisher()
        self.tracebacks = []

    def _showtraceback(self, etype, evalue, stb):
        self.tracebacks.append((evalue, stb))


def test_streams_displays_and_tracebacks_are_capped_per_cell(monkeypatch):
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    shell = FakeShell()
    output_caps.install(shell, 10)
    sys.stdout.write("a" * 8)
    sys.stdout.write("b" * 8)
    sys.stderr.write("c" * 8)
    assert out.getvalue().startswith("a" * 8 + "bb") and out.getvalue().count("truncated") == 1
    assert err.getvalue() == ""
    shell.display_pub.publish({"text/html": "x" * 50})
    shell.display_pub.publish({output_caps.EXEMPT_MIME: "y" * 50})
    assert "dropped" in shell.display_pub.published[0]["text/plain"]
    assert shell.display_pub.published[1] == {output_caps.EXEMPT_MIME: "y" * 50}
    shell._showtraceback(ValueError, "z" * 50, ["w" * 50])
    evalue, stb = shell.tracebacks[0]
    assert evalue.startswith("z" * 10) and len(evalue) < 40 and len(stb[0]) < 40
    shell.events.hooks["pre_execute"]()
    sys.stdout.write("d" * 5)
    assert out.getvalue().endswith("d" * 5)
