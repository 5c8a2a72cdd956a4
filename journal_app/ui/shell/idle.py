"""Notices when nobody has touched the keyboard or mouse for a while, app-wide."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Calls ``on_idle`` after ``interval_ms`` without input. Start it only while unlocked."""

    def __init__(
        self, on_idle: Callable[[], None], interval_ms: int, parent: QObject | None = None
    ):
        super().__init__(parent)
        self._on_idle = on_idle
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._fire)
        self._installed = False

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_interval_ms(self, interval_ms: int) -> None:
        self._timer.setInterval(interval_ms)
        if self._timer.isActive():
            self._timer.start()

    @property
    def active(self) -> bool:
        return self._installed

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
        self._installed = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._timer.start()
        return False

    def _fire(self) -> None:
        self.stop()
        self._on_idle()
