"""Keep a kernel from flooding its own channel: caps applied inside the kernel, per cell.

The grader caps what it stores of every cell (:class:`grading.verdict.secure_execute.SecureExecute`)
and refuses oversized messages outright. That alone would make a student who
prints 100 MB lose the function defined after the print: the kernel spends the
cell's time serialising output nobody will read. :func:`install` makes the
kernel itself drop what is beyond the cap, early and cheaply: stream text,
display data and traceback text are each cut at ``cap`` characters per cell,
with one note saying so. This protects honest (if chatty) work; it is not a
security boundary (a student may undo it, and only loses by doing so).
"""

import sys

NOTE = "\n... output truncated in the kernel: this cell produced more than {cap} characters ...\n"
#: Display data of this type is a hidden-test reply; the grader bounds it itself.
EXEMPT_MIME = "application/x-reglab-reply"


class _Budget:
    def __init__(self, cap):
        self.cap = cap
        self.used = 0
        self.noted = False

    def reset(self, *args, **kwargs):
        self.used = 0
        self.noted = False

    def take(self, size):
        """How many of ``size`` characters may still go out in this cell."""
        allowed = max(0, min(size, self.cap - self.used))
        self.used += size
        return allowed


def _cap_stream(stream, budget):
    write = stream.write

    def capped_write(text):
        allowed = budget.take(len(text))
        if allowed:
            write(text[:allowed])
        if allowed < len(text) and not budget.noted:
            budget.noted = True
            write(NOTE.format(cap=budget.cap))
        return len(text)

    stream.write = capped_write


def _size(data):
    return sum(len(v) if isinstance(v, str) else len(repr(v)) for v in data.values())


def install(shell, cap):
    """Cap stream, display and traceback output of ``shell`` (an IPython kernel shell) at ``cap`` per cell."""
    budget = _Budget(cap)
    shell.events.register("pre_execute", budget.reset)
    for stream in (sys.stdout, sys.stderr):
        _cap_stream(stream, budget)
    publisher = shell.display_pub
    publish = publisher.publish

    def capped_publish(data, metadata=None, **kwargs):
        if isinstance(data, dict) and EXEMPT_MIME not in data:
            size = _size(data)
            if budget.take(size) < size:
                data = {"text/plain": f"[a display of {size} characters was dropped: over the cell's output cap]"}
                metadata = {}
        return publish(data, metadata, **kwargs)

    publisher.publish = capped_publish
    show = shell._showtraceback

    def capped_showtraceback(etype, evalue, stb):
        text = str(evalue)
        if len(text) > cap:
            evalue = text[:cap] + " ... (truncated)"
        stb = [line if len(line) <= cap else line[:cap] + " ... (truncated)" for line in stb][:200]
        return show(etype, evalue, stb)

    shell._showtraceback = capped_showtraceback
