"""Live hand-in: each recorded answer reaches the facilitator's drop box within seconds.

When ``IOPKIT_EXCHANGE`` is set, the trainee's default store sends the same validated hand-in
the **Hand in** button writes (:func:`~iopkit.responses.hand_in`: the trainee's own file,
replaced atomically, no free text) a couple of seconds after each answer is recorded. Answers
that arrive together go in one write. Sending happens on a background thread, so a click is
answered as fast as before; a failed send (folder missing, disk full) is retried, never
loses an answer (it stays in the trainee's database), and is reported by the **Hand in** button.

``IOPKIT_LIVE=0`` turns live sending off (the **Hand in** button still works).
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from iopkit.errors import IopkitError
from iopkit.responses.handin import hand_in
from iopkit.responses.store import ResponseStore
from iopkit.userdata import exchange_dir

LIVE_ENV = "IOPKIT_LIVE"
SEND_DELAY_S = 2.0
"""Answers recorded within this many seconds of each other go in one write."""
RETRY_S = 5.0
"""After a failed send, the next try comes this many seconds later."""


@dataclass(frozen=True)
class LiveStatus:
    """When the answers last reached the facilitator, and the last problem (``""`` if none)."""

    sent_at: dt.datetime | None = None
    problem: str = ""

    def describe(self) -> str:
        if self.problem:
            return (
                f"Your latest answers have not reached your facilitator yet: {self.problem} "
                "They are saved on this computer and will be sent when this is fixed."
            )
        if self.sent_at is None:
            return "Your answers reach your facilitator a few seconds after each one."
        when = self.sent_at.astimezone().strftime("%H:%M:%S")
        return f"Your answers last reached your facilitator at {when}."


class LiveSync:
    """Sends ``store``'s hand-in to ``exchange`` shortly after each recorded answer."""

    def __init__(
        self, store: ResponseStore, exchange: Path | None = None, delay: float = SEND_DELAY_S
    ) -> None:
        self.store = store
        self.exchange = exchange
        """The drop box; ``None``: ``IOPKIT_EXCHANGE`` at each send."""
        self.delay = delay
        self.status = LiveStatus()
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._target: Path | None = exchange

    def answer_recorded(self) -> None:
        """Called by the store after each answer: a send follows within ``delay`` seconds."""
        target = self.exchange or exchange_dir()
        if target is None or not live_enabled():
            return
        with self._lock:
            self._target = target  # the drop box in force when the answer was given
            self._idle.clear()
            self._wake.set()
            if self._thread is None or not self._thread.is_alive():
                if self._thread is None:
                    atexit.register(self._flush)  # a kernel shut down mid-wait still sends
                self._thread = threading.Thread(
                    target=self._run, name="iopkit-live-handin", daemon=True
                )
                self._thread.start()

    def note_sent(self) -> None:
        """The trainee handed in by the button: that counts as the latest send."""
        self.status = LiveStatus(dt.datetime.now(dt.timezone.utc))

    def wait_sent(self, timeout: float) -> bool:
        """Block until nothing is waiting to be sent (True), or ``timeout`` seconds pass."""
        return self._idle.wait(timeout)

    def _flush(self) -> None:
        """Send now what is waiting (at the interpreter's exit)."""
        if not self._idle.is_set() and self._send():
            self._idle.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            time.sleep(self.delay)  # answers arriving together go in one write
            self._wake.clear()
            if self._send():
                with self._lock:
                    if not self._wake.is_set():
                        self._idle.set()
            else:
                time.sleep(RETRY_S)
                self._wake.set()

    def _send(self) -> bool:
        try:
            hand_in(self.store, self._target)
        except (IopkitError, OSError) as exc:
            self.status = LiveStatus(self.status.sent_at, str(exc))
            return False
        except Exception as exc:  # a thread's failure must still reach the trainee's page
            self.status = LiveStatus(self.status.sent_at, f"an unexpected problem ({exc}).")
            return False
        self.status = LiveStatus(dt.datetime.now(dt.timezone.utc))
        return True


def live_enabled() -> bool:
    return os.environ.get(LIVE_ENV, "1").strip().lower() not in ("0", "off", "no", "false")


def attach_live(store: ResponseStore) -> LiveSync:
    """Give ``store`` a live sender: it sends while ``IOPKIT_EXCHANGE`` is set and
    ``IOPKIT_LIVE`` is not 0."""
    sync = LiveSync(store)
    store.live = sync
    store.on_record(sync.answer_recorded)
    return sync


__all__ = ["LIVE_ENV", "SEND_DELAY_S", "LiveStatus", "LiveSync", "attach_live", "live_enabled"]
