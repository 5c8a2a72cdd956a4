"""Colours, fonts and the look of the app: a warm light palette and a hand-tuned warm dark one.

"system" follows the desktop's colour scheme (QStyleHints.colorScheme) and keeps following it when
it changes. Fusion is used everywhere so the palettes look the same on every platform.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from journal_app.domain.entries import EntryKind


@dataclass(frozen=True)
class Colors:
    name: str
    window: str
    base: str
    alternate: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    highlight: str
    highlight_text: str
    sidebar: str
    danger: str
    success: str
    chip: str
    kinds: dict[EntryKind, str]

    def kind(self, kind: EntryKind) -> str:
        return self.kinds[kind]


# Every colour of the two schemes side by side, (light, dark), so each is tuned against its twin.
_SHADES: dict[str, tuple[str, str]] = {
    "window": ("#f6f1ea", "#1f1b18"),
    "base": ("#fffdf9", "#26221e"),
    "alternate": ("#f9f5ef", "#2b2622"),
    "text": ("#2e2925", "#ebe3d8"),
    "muted": ("#776d64", "#a89d91"),
    "border": ("#e2d8cc", "#3a342e"),
    "accent": ("#4d7a66", "#8dbba3"),
    "accent_text": ("#ffffff", "#1b1916"),
    "highlight": ("#e3ece4", "#34403a"),
    "highlight_text": ("#2e2925", "#f3ece2"),
    "sidebar": ("#efe7dc", "#191613"),
    "danger": ("#a2493a", "#e0907f"),
    "success": ("#4d7a66", "#8dbba3"),
    "chip": ("#ede4d8", "#37302a"),
}
_KIND_SHADES: dict[EntryKind, tuple[str, str]] = {
    EntryKind.SESSION: ("#4d7a66", "#8dbba3"),
    EntryKind.BLOCK: ("#9a6478", "#cf9cb0"),
    EntryKind.REFLECTION: ("#b4823a", "#dcb172"),
    EntryKind.THOUGHT_RECORD: ("#4f6f94", "#9bb6d6"),
    EntryKind.CHECK_IN: ("#7a7048", "#c9bd8a"),
}


def _scheme(name: str, side: int) -> Colors:
    """One side of the table (0 light, 1 dark) as a scheme."""
    return Colors(
        name=name,
        kinds={kind: shades[side] for kind, shades in _KIND_SHADES.items()},
        **{role: shades[side] for role, shades in _SHADES.items()},
    )


LIGHT = _scheme("light", 0)
DARK = _scheme("dark", 1)


def resolve_scheme(choice: str) -> Colors:
    if choice == "light":
        return LIGHT
    if choice == "dark":
        return DARK
    hints = QGuiApplication.styleHints()
    return DARK if hints.colorScheme() == Qt.ColorScheme.Dark else LIGHT


def palette_for(colors: Colors) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    pairs = {
        role.Window: colors.window,
        role.WindowText: colors.text,
        role.Base: colors.base,
        role.AlternateBase: colors.alternate,
        role.Text: colors.text,
        role.Button: colors.alternate,
        role.ButtonText: colors.text,
        role.BrightText: colors.danger,
        role.Highlight: colors.accent,
        role.HighlightedText: colors.accent_text,
        role.ToolTipBase: colors.base,
        role.ToolTipText: colors.text,
        role.PlaceholderText: colors.muted,
        role.Link: colors.accent,
        role.LinkVisited: colors.accent,
        role.Mid: colors.border,
        role.Midlight: colors.alternate,
        role.Light: colors.base,
        role.Dark: colors.border,
        role.Shadow: colors.border,
    }
    for color_role, value in pairs.items():
        palette.setColor(color_role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for color_role in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(disabled, color_role, QColor(colors.muted))
    return palette


def stylesheet_for(colors: Colors, font_size: int) -> str:
    c = colors
    small = max(8, font_size - 2)
    return f"""
    QWidget#Sidebar {{ background: {c.sidebar}; border-right: 1px solid {c.border}; }}
    QListWidget#SidebarList {{ background: transparent; border: none; outline: none; }}
    QListWidget#SidebarList::item {{ padding: 9px 12px; margin: 2px 8px; border-radius: 8px;
        color: {c.text}; }}
    QListWidget#SidebarList::item:selected {{ background: {c.highlight};
        color: {c.highlight_text}; }}
    QListWidget#SidebarList::item:hover:!selected {{ background: {c.alternate}; }}
    QLabel#SidebarTitle {{ color: {c.text}; font-weight: 600; padding: 18px 20px 10px 20px; }}
    QFrame#Card {{ background: {c.base}; border: 1px solid {c.border}; border-radius: 14px; }}
    QLabel#Heading {{ font-size: {font_size + 9}pt; font-weight: 600; color: {c.text}; }}
    QLabel#Subheading {{ font-size: {font_size + 3}pt; font-weight: 600; color: {c.text}; }}
    QLabel#Muted, QLabel#Hint {{ color: {c.muted}; }}
    QLabel#Hint {{ font-size: {small}pt; }}
    QLabel#Error {{ color: {c.danger}; }}
    QLabel#Notice {{ color: {c.text}; background: {c.highlight}; border-radius: 8px;
        padding: 8px 12px; }}
    QLabel#Saved {{ color: {c.muted}; font-size: {small}pt; }}
    QLabel#RecoveryKey {{ font-family: "DejaVu Sans Mono", "Menlo", "Consolas", monospace;
        font-size: {font_size + 10}pt; letter-spacing: 2px; color: {c.text};
        background: {c.alternate}; border: 1px dashed {c.border}; border-radius: 10px;
        padding: 18px; }}
    QPushButton {{ padding: 7px 16px; border-radius: 8px; border: 1px solid {c.border};
        background: {c.base}; color: {c.text}; }}
    QPushButton:hover {{ border-color: {c.accent}; }}
    QPushButton:focus {{ border: 2px solid {c.accent}; padding: 6px 15px; }}
    QPushButton:disabled {{ color: {c.muted}; background: {c.alternate}; }}
    QPushButton#Primary {{ background: {c.accent}; color: {c.accent_text}; border-color: {c.accent};
        font-weight: 600; }}
    QPushButton#Primary:disabled {{ background: {c.border}; color: {c.muted};
        border-color: {c.border}; }}
    QPushButton#Primary:focus {{ border: 2px solid {c.text}; }}
    QPushButton#Link {{ border: none; background: transparent; color: {c.accent};
        padding: 4px 6px; text-align: left; }}
    QPushButton#Link:focus {{ border: 1px solid {c.accent}; padding: 3px 5px; }}
    QPushButton#Link:hover {{ text-decoration: underline; }}
    QLineEdit, QPlainTextEdit, QTextEdit, QTextBrowser {{
        border: 1px solid {c.border}; border-radius: 8px; padding: 5px 8px;
        background: {c.base}; color: {c.text}; selection-background-color: {c.accent};
        selection-color: {c.accent_text}; }}
    QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{ border: 1px solid {c.accent}; }}
    QComboBox, QSpinBox, QDateTimeEdit, QDateEdit {{ min-height: 24px; }}
    QPlainTextEdit#Body, QTextBrowser#Preview {{ border-radius: 12px; }}
    QListView#EntryList {{ border: none; background: {c.base}; outline: none; }}
    QScrollArea#EditorScroll {{ border: none; background: {c.base}; }}
    QWidget#EditorSurface {{ background: {c.base}; }}
    QWidget#ListPane {{ background: {c.base}; border-right: 1px solid {c.border}; }}
    QWidget#FilterBar {{ background: {c.window}; border-bottom: 1px solid {c.border}; }}
    QGroupBox {{ border: 1px solid {c.border}; border-radius: 10px; margin-top: 14px;
        padding: 12px 10px 10px 10px; }}
    QGroupBox::title {{ subcontrol-origin: margin; left: 12px; padding: 0 4px; color: {c.muted}; }}
    QToolBar {{ background: {c.window}; border: none; border-bottom: 1px solid {c.border};
        spacing: 4px; padding: 4px 8px; }}
    QToolButton {{ padding: 5px 9px; border-radius: 7px; color: {c.text}; }}
    QToolButton:hover {{ background: {c.highlight}; }}
    QStatusBar {{ color: {c.muted}; }}
    QSlider:horizontal {{ min-height: 26px; }}
    QSlider::groove:horizontal {{ height: 6px; border-radius: 3px; background: {c.chip}; }}
    QSlider::sub-page:horizontal {{ height: 6px; border-radius: 3px; background: {c.accent}; }}
    QSlider::handle:horizontal {{ width: 18px; height: 18px; margin: -7px 0;
        border-radius: 9px; background: {c.base}; border: 2px solid {c.accent}; }}
    QSlider::handle:horizontal:focus {{ background: {c.accent}; }}
    QProgressBar {{ border: none; background: {c.chip}; border-radius: 3px; max-height: 6px; }}
    QProgressBar::chunk {{ background: {c.accent}; border-radius: 3px; }}
    QSplitter::handle {{ background: {c.border}; }}
    QCheckBox::indicator, QRadioButton::indicator {{ width: 14px; height: 14px;
        border: 1px solid {c.muted}; background: {c.base}; }}
    QCheckBox::indicator {{ border-radius: 4px; }}
    QRadioButton::indicator {{ border-radius: 8px; }}
    QCheckBox::indicator:checked {{ background: {c.accent}; border-color: {c.accent};
        image: url("{_icon_url("check", c.name)}"); }}
    QRadioButton::indicator:checked {{ background: {c.accent}; border-color: {c.accent};
        image: url("{_icon_url("dot", c.name)}"); }}
    QCheckBox::indicator:focus, QRadioButton::indicator:focus {{ border: 2px solid {c.accent}; }}
    QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{
        background: {c.alternate}; border-color: {c.border}; }}
    """


def _icon_url(name: str, theme_name: str) -> str:
    """A bundled indicator image (Qt style sheets take a path, with forward slashes)."""
    from journal_app.paths import resources_dir

    variant = "dark" if theme_name == "dark" else "light"
    return (resources_dir() / "icons" / f"{name}-{variant}.svg").as_posix()


def ui_point_size(editor_font_size: int) -> int:
    """The interface text follows the editor size, a little smaller."""
    return max(8, editor_font_size - 2)


class ThemeManager:
    """Applies a theme choice and font size to the application; remembers the current colours."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self.choice = "system"
        self.font_size = 13
        self.colors = LIGHT
        app.setStyle("Fusion")
        app.styleHints().colorSchemeChanged.connect(self._scheme_changed)

    def apply(self, choice: str, font_size: int) -> Colors:
        self.choice = choice
        self.font_size = font_size
        self.colors = resolve_scheme(choice)
        font = QFont(self._app.font())
        font.setPointSize(ui_point_size(font_size))
        self._app.setFont(font)
        self._app.setPalette(palette_for(self.colors))
        self._app.setStyleSheet(stylesheet_for(self.colors, ui_point_size(font_size)))
        return self.colors

    def _scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice == "system":
            self.apply(self.choice, self.font_size)


def current_colors() -> Colors:
    """The colour set matching the palette now in use (read from the application palette)."""
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    return DARK if window.lightness() < 128 else LIGHT
