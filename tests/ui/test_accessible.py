"""A screen reader gets words for what netdesk draws: the score bars, the charts, the
scores in the lists, and a name for every field of every dialog."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from netdesk.ui.main_window import MainWindow
from tests.helpers import log, make_contact
from tests.ui.dialog_catalogue import DIALOGS, sample_network
from tests.ui.driving import open_window

NAME = QAccessible.Text.Name
DESCRIPTION = QAccessible.Text.Description
FIELDS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit)


def spoken(widget: QWidget, what=NAME) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(what)


def unnamed_fields(window: QWidget) -> list[str]:
    found = []
    for field in window.findChildren(QWidget):
        if not isinstance(field, FIELDS) or not field.isVisible() or field.window() is not window:
            continue
        if isinstance(field, QLineEdit) and isinstance(
            field.parentWidget(), QComboBox | QAbstractSpinBox
        ):
            continue
        if not spoken(field).strip():
            found.append(f"{type(field).__name__} {field.objectName()}")
    return found


def test_the_score_bars_charts_and_list_scores_are_spoken(db, db_path, qtbot):
    ana = make_contact("Ana")
    log(ana, "one_to_one", days_ago=10)
    window = open_window(db_path, qtbot)
    detail = window.detail
    assert spoken(detail.trust_bar) == "Trust"
    score = round(detail.trust_bar.score())
    assert spoken(detail.trust_bar, DESCRIPTION) == f"{score} of 100"
    assert spoken(detail.chart) == "Trust and attention over time"
    assert "1 interaction" in spoken(detail.chart, DESCRIPTION)
    model = window.contact_list.model
    cell = model.index(0, model.TRUST).data(Qt.ItemDataRole.AccessibleTextRole)
    assert cell == f"Trust {score} of 100"
    window.referral_feature.show_tab(window.referral_feature.ledger)
    ledger_chart = window.referral_feature.ledger.chart
    assert spoken(ledger_chart) == "Referrals given and received per month"
    assert spoken(ledger_chart, DESCRIPTION)


@pytest.fixture
def network(db, db_path):
    return sample_network(db_path)


def test_every_field_has_a_name(db_path, network, qtbot):
    window = MainWindow(db_path, remember_layout=False)
    qtbot.addWidget(window)
    window.show()
    assert unnamed_fields(window) == []
    for name, make in sorted(DIALOGS.items()):
        dialog = make(window, network)
        dialog.show()
        assert unnamed_fields(dialog) == [], name
        dialog.close()
    if window.meetup._capture is not None:
        window.meetup._capture.close()
