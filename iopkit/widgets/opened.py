"""The moment the trainee's page opens, for the clocks the kit records.

In a preheated kernel (Voilà's kernel pools, ``make workshop``) the notebook has run before
anyone opens the page, so an app built then must not count the minutes the kernel waited in the
pool as time the trainee spent on a case. A browser that opens the page asks the kernel for its
widgets (ipywidgets' control channel, ``jupyter.widget.control``); :func:`when_page_opens` runs
its callbacks at that moment, once. Without a browser (tests, a script) they never run and the
apps keep the time they were built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_waiting: list[Callable[[], None]] = []
_hooked = False


def page_opened() -> None:
    """Run (once) every callback waiting for the page to open."""
    callbacks = list(_waiting)
    _waiting.clear()
    for callback in callbacks:
        callback()


def _hook() -> bool:
    """Wrap ipywidgets' control-channel handler so that its first use calls :func:`page_opened`."""
    from ipywidgets import Widget, comm

    manager = comm.get_comm_manager()
    if manager is None:
        return False

    def control_opened(channel: Any, msg: Any) -> None:
        Widget.handle_control_comm_opened(channel, msg)
        page_opened()

    manager.register_target("jupyter.widget.control", control_opened)
    return True


def when_page_opens(callback: Callable[[], None]) -> None:
    """Call ``callback`` when a browser first opens this kernel's page (never without one)."""
    global _hooked
    if not _hooked:
        _hooked = _hook()
    _waiting.append(callback)
