"""A viewport netdesk makes for a view is set up as the one Qt makes (``own_viewport``)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from netdesk.ui.list_cells import PaintedTable
from netdesk.ui.tables import FixedTitlesHeader, own_viewport


def _how_it_is(widget: QWidget) -> dict:
    seen = {
        "name": widget.objectName(),
        "background": widget.backgroundRole(),
        "foreground": widget.foregroundRole(),
        "fills": widget.autoFillBackground(),
        "tracking": widget.hasMouseTracking(),
        "focus": widget.focusPolicy(),
        "visible": widget.isVisible(),
        "geometry": widget.geometry().getRect(),
        "cursor": widget.cursor().shape(),
        "menu": widget.contextMenuPolicy(),
    }
    for attribute in Qt.WidgetAttribute:
        seen[attribute.name] = widget.testAttribute(attribute)
    return seen


def _header() -> QHeaderView:
    return QHeaderView(Qt.Orientation.Horizontal)


def _shown(qtbot, *views: QWidget) -> None:
    for view in views:
        qtbot.addWidget(view)
        view.resize(300, 200)
        view.show()
    qtbot.waitExposed(views[-1])


@pytest.mark.parametrize(
    ("make", "role", "tracking"),
    [(QTableView, QPalette.ColorRole.Base, False), (_header, QPalette.ColorRole.Button, True)],
)
def test_the_viewport_made_here_is_set_up_as_qts_own(qtbot, make, role, tracking):
    theirs, ours = make(), make()
    own_viewport(ours, role, mouse_tracking=tracking)
    _shown(qtbot, theirs, ours)
    assert _how_it_is(ours.viewport()) == _how_it_is(theirs.viewport())


def test_the_contact_lists_table_and_header_have_viewports_as_qts_own(qtbot):
    ours, theirs = PaintedTable(), QTableView()
    for view in (theirs, ours):
        # (the model first, as the contact list sets it: see ContactListPane)
        view.setModel(QStandardItemModel(3, 2, view))
    ours.setHorizontalHeader(FixedTitlesHeader(ours))
    _shown(qtbot, theirs, ours)
    assert _how_it_is(ours.viewport()) == _how_it_is(theirs.viewport())
    ours_header, theirs_header = ours.horizontalHeader(), theirs.horizontalHeader()
    assert _how_it_is(ours_header.viewport()) == _how_it_is(theirs_header.viewport())
