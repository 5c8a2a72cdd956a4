"""Small, quiet charts of emotional blocks, drawn with QPainter in the palette's own colours.

``BlockTimelineChart`` shows each block since the last session with how strong the feeling and the
block were. ``WeeklyPatternsChart`` shows blocks per week and their average strength over the last
months. Each chart has a plain-language summary as its accessible description, shown beside it
too, so nobody needs to read a chart to know what it says.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from journal_app.domain import wording
from journal_app.domain.entries import SCALE_MAX, EntryKind
from journal_app.domain.prep import BlockMoment, WeekPattern, weekly_block_patterns
from journal_app.storage import Vault
from journal_app.ui.common.theme import Colors, current_colors
from journal_app.ui.common.widgets import label
from journal_app.ui.common.work import Runner, Task
from journal_app.ui.pages.prep.sections import BlockPoint, timeline_summary

WEEK_CHOICES = (
    (8, "Last 8 weeks"),
    (12, "Last 12 weeks"),
    (26, "Last 6 months"),
    (52, "Last year"),
)


def _short_day(day: date) -> str:
    return wording.short_day_and_month(day)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def patterns_summary(patterns: Sequence[WeekPattern]) -> str:
    """``In the last 12 weeks: 9 blocks, average strength 6.2.`` for screen readers and the page."""
    weeks = len(patterns)
    total = sum(week.block_count for week in patterns)
    span = wording.in_the_last_weeks(weeks)
    if total == 0:
        return f"{span}: no emotional blocks noted."
    strengths = [
        week.average_block * week.block_count for week in patterns if week.average_block is not None
    ]
    average = sum(strengths) / total
    busiest = max(patterns, key=lambda week: week.block_count)
    text = f"{span}: {wording.blocks(total)}, average strength {average:.1f}."
    if total > 1:
        text += f" Most in the week of {_short_day(busiest.week_start)} ({busiest.block_count})."
    return text


class _Chart(QWidget):
    """Shared drawing: margins, the 0-10 scale, the legend, and the frame of each paint."""

    LEFT = 34
    RIGHT = 16
    TOP = 34
    BOTTOM = 30

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable, so the summary is read out

    def sizeHint(self) -> QSize:
        return QSize(520, 210)

    def minimumSizeHint(self) -> QSize:
        return QSize(280, 180)

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() - 1.5))
        return font

    def _plot_rect(self) -> QRectF:
        return QRectF(self.rect()).adjusted(self.LEFT, self.TOP, -self.RIGHT, -self.BOTTOM)

    def _draw_scale(self, painter: QPainter, plot: QRectF, colors: Colors, top: int) -> None:
        painter.setFont(self._small_font())
        metrics = QFontMetricsF(painter.font())
        for value in (0, top // 2, top):
            y = plot.bottom() - plot.height() * value / top
            painter.setPen(QPen(QColor(colors.border), 1, Qt.PenStyle.SolidLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(colors.muted))
            text = str(value)
            painter.drawText(
                QPointF(
                    plot.left() - 8 - metrics.horizontalAdvance(text), y + metrics.ascent() / 2.6
                ),
                text,
            )

    def _draw_legend(
        self, painter: QPainter, items: Sequence[tuple[str, QColor, str]], colors: Colors
    ) -> None:
        painter.setFont(self._small_font())
        metrics = QFontMetricsF(painter.font())
        x = float(self.LEFT)
        y = 12.0
        for text, color, shape in items:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            if shape == "bar":
                painter.drawRoundedRect(QRectF(x, y, 12, 10), 2, 2)
            else:
                painter.drawEllipse(QRectF(x + 1, y, 10, 10))
            painter.setPen(QColor(colors.muted))
            painter.drawText(QPointF(x + 17, y + 9), text)
            x += 17 + metrics.horizontalAdvance(text) + 22

    def _set_summary(self, text: str) -> None:
        self.setAccessibleDescription(text)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint(painter, self._plot_rect(), current_colors())
        painter.end()

    def _paint(self, painter: QPainter, plot: QRectF, colors: Colors) -> None:
        """Draw the chart inside ``plot`` (the margins hold the legend, scale and dates)."""
        raise NotImplementedError

    def _start_axis_labels(self, painter: QPainter, colors: Colors) -> QFontMetricsF:
        """Set the pen and font for the dates under the plot; their metrics."""
        painter.setFont(self._small_font())
        painter.setPen(QColor(colors.muted))
        return QFontMetricsF(painter.font())


class BlockTimelineChart(_Chart):
    """Each emotional block since the last session: feeling strength and block strength."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Emotional blocks since my last session, chart")
        self.points: list[BlockPoint] = []
        self.start: datetime | None = None
        self.end: datetime | None = None
        self._set_summary(timeline_summary([]))

    def set_points(
        self, points: Sequence[BlockPoint], start: datetime | None, end: datetime
    ) -> None:
        self.points = sorted(points, key=lambda p: p.occurred_at)
        self.start = start or (self.points[0].occurred_at if self.points else end)
        self.end = end
        self._set_summary(timeline_summary(self.points))
        self.update()

    def clear(self) -> None:
        self.set_points([], None, datetime.now().astimezone())

    def _paint(self, painter: QPainter, plot: QRectF, colors: Colors) -> None:
        feeling = QColor(colors.kinds[EntryKind.BLOCK])
        block = QColor(colors.accent)
        self._draw_legend(
            painter,
            [
                ("How strong the feeling was", feeling, "dot"),
                ("How strong the block was", block, "dot"),
            ],
            colors,
        )
        self._draw_scale(painter, plot, colors, SCALE_MAX)
        if not self.points or self.start is None or self.end is None:
            painter.setPen(QColor(colors.muted))
            painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), "No blocks noted")
            return
        span = max((self.end - self.start).total_seconds(), 1.0)
        pad = 14.0

        def x_of(moment: datetime) -> float:
            fraction = (moment - self.start).total_seconds() / span if self.start else 0.0
            return plot.left() + pad + (plot.width() - 2 * pad) * min(1.0, max(0.0, fraction))

        def y_of(value: int) -> float:
            return plot.bottom() - plot.height() * value / SCALE_MAX

        for values, color in (
            ([p.feeling for p in self.points], feeling),
            ([p.block for p in self.points], block),
        ):
            path = QPainterPath()
            for position, (point, value) in enumerate(zip(self.points, values, strict=True)):
                spot = QPointF(x_of(point.occurred_at), y_of(value))
                if position == 0:
                    path.moveTo(spot)
                else:
                    path.lineTo(spot)
            faded = QColor(color)
            faded.setAlphaF(0.55)
            painter.setPen(QPen(faded, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setPen(QPen(QColor(colors.base), 2))
            painter.setBrush(color)
            for point, value in zip(self.points, values, strict=True):
                painter.drawEllipse(QPointF(x_of(point.occurred_at), y_of(value)), 5, 5)
        metrics = self._start_axis_labels(painter, colors)
        baseline = plot.bottom() + metrics.ascent() + 8
        start_text = _short_day(self.start.astimezone().date())
        end_text = "Today"
        painter.drawText(QPointF(plot.left(), baseline), start_text)
        painter.drawText(
            QPointF(plot.right() - metrics.horizontalAdvance(end_text), baseline), end_text
        )


class WeeklyPatternsChart(_Chart):
    """Blocks per week as bars; their average strength as a line on the same 0-10 scale."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Emotional blocks per week, chart")
        self.patterns: list[WeekPattern] = []
        self._set_summary(patterns_summary([]))

    def set_patterns(self, patterns: Sequence[WeekPattern]) -> None:
        self.patterns = list(patterns)
        self._set_summary(patterns_summary(self.patterns))
        self.update()

    def clear(self) -> None:
        self.set_patterns([])

    def _paint(self, painter: QPainter, plot: QRectF, colors: Colors) -> None:
        bar_color = QColor(colors.kinds[EntryKind.BLOCK])
        bar_color.setAlphaF(0.6)
        line_color = QColor(colors.accent)
        self._draw_legend(
            painter,
            [("Blocks that week", bar_color, "bar"), ("Average strength", line_color, "dot")],
            colors,
        )
        most = max((week.block_count for week in self.patterns), default=0)
        top = max(SCALE_MAX, most)
        self._draw_scale(painter, plot, colors, top)
        if not self.patterns:
            return
        slot = plot.width() / len(self.patterns)
        bar_width = max(3.0, min(26.0, slot * 0.56))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bar_color)
        for position, week in enumerate(self.patterns):
            if week.block_count:
                height = plot.height() * week.block_count / top
                x = plot.left() + slot * position + (slot - bar_width) / 2
                painter.drawRoundedRect(QRectF(x, plot.bottom() - height, bar_width, height), 3, 3)
        path = QPainterPath()
        started = False
        dots: list[QPointF] = []
        for position, week in enumerate(self.patterns):
            if week.average_block is None:
                started = False  # a quiet week breaks the line instead of inventing a value
                continue
            spot = QPointF(
                plot.left() + slot * (position + 0.5),
                plot.bottom() - plot.height() * week.average_block / top,
            )
            dots.append(spot)
            if started:
                path.lineTo(spot)
            else:
                path.moveTo(spot)
                started = True
        painter.setPen(QPen(line_color, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(QPen(QColor(colors.base), 2))
        painter.setBrush(line_color)
        for spot in dots:
            painter.drawEllipse(spot, 4, 4)
        metrics = self._start_axis_labels(painter, colors)
        every = max(1, round(len(self.patterns) / max(1, plot.width() / 70)))
        baseline = plot.bottom() + metrics.ascent() + 8
        for position, week in enumerate(self.patterns):
            if position % every:
                continue
            text = _short_day(week.week_start)
            centre = plot.left() + slot * (position + 0.5)
            x = min(
                plot.right() - metrics.horizontalAdvance(text),
                max(plot.left(), centre - metrics.horizontalAdvance(text) / 2),
            )
            painter.drawText(QPointF(x, baseline), text)


class PatternsView(QWidget):
    """Blocks per week over the last months, with a choice of span and a written summary."""

    def __init__(
        self,
        vault: Vault | None,
        runner: Runner,
        *,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.runner = runner
        self._generation = 0
        self._today = today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        header = QHBoxLayout()
        header.addWidget(label("Patterns", "Subheading"), 1)
        self.span = QComboBox()
        self.span.setAccessibleName("How many weeks to show")
        for weeks, text in WEEK_CHOICES:
            self.span.addItem(text, weeks)
        self.span.setCurrentIndex(1)
        header.addWidget(self.span)
        layout.addLayout(header)
        self.summary = label("", "Muted")
        self.summary.setAccessibleName("Patterns summary")
        layout.addWidget(self.summary)
        self.chart = WeeklyPatternsChart()
        layout.addWidget(self.chart)
        self.span.currentIndexChanged.connect(lambda _index: self.refresh())

    @property
    def weeks(self) -> int:
        return int(self.span.currentData())

    def set_moments(self, moments: Sequence[BlockMoment]) -> None:
        patterns = weekly_block_patterns(moments, weeks=self.weeks, today=self._today())
        self.chart.set_patterns(patterns)
        self.summary.setText(patterns_summary(patterns))

    def refresh(self) -> None:
        """Read the blocks of the chosen weeks on the runner, then draw them."""
        vault = self.vault
        if vault is None:
            self.clear()
            return
        first_day = self._today() - timedelta(weeks=self.weeks, days=7)
        since = datetime.combine(first_day, datetime.min.time()).astimezone()
        self._generation += 1
        generation = self._generation

        def loaded(moments: Sequence[BlockMoment]) -> None:
            if generation == self._generation:  # not cleared or asked again meanwhile
                self.set_moments(moments)

        Task(lambda _progress: vault.prep.block_moments(since)).success(loaded).failure(
            lambda _error: None  # locked meanwhile: nothing to draw
        ).start(self.runner)

    def clear(self) -> None:
        self._generation += 1
        self.chart.clear()
        self.summary.setText("")
