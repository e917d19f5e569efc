"""What an empty database shows: three ways to begin, each one click or one key away."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from netdesk.ui.icons import action_icon, app_icon


class WelcomePane(QWidget):
    """Emits what the person chose; the window carries it out."""

    import_requested = Signal()
    demo_requested = Signal()
    new_contact_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePane")
        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(QSize(96, 96)))
        logo.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        title = QLabel("<h2>Welcome to netdesk</h2>", self)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        intro = QLabel(
            "netdesk remembers the people you meet, what they offer and need, and how "
            "much you trust each other, so you can give referrals you can vouch for. "
            "Everything stays in one file on this computer.",
            self,
        )
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        self.import_button = self._button(
            "import",
            "Im&port your contacts…",
            "From a phone or Apple/Google vCard, LinkedIn's Connections.csv, Google or Outlook",
        )
        self.demo_button = self._button(
            "demo",
            "Open the &demo network",
            "A breakfast group of eighty people with a year of history, in a new window",
        )
        self.new_button = self._button(
            "contact-new", "Add your fir&st contact…", "Start from scratch (Ctrl+N)"
        )
        self.import_button.clicked.connect(self.import_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.new_button.clicked.connect(self.new_contact_requested)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addStretch(1)
        layout.addWidget(logo)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(16)
        for button in (self.import_button, self.demo_button, self.new_button):
            layout.addWidget(button)
        layout.addStretch(2)

    def _button(self, icon: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(action_icon(icon), text, self)
        button.setToolTip(tip)
        button.setIconSize(QSize(24, 24))
        button.setMinimumHeight(44)
        button.setStyleSheet("text-align: left; padding-left: 12px;")
        return button

    def focus_first(self) -> None:
        self.import_button.setFocus(Qt.FocusReason.OtherFocusReason)
