"""The contact list, painted by netdesk: the same picture the table and its style
paint, with each text laid out once."""

from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QStyledItemDelegate

from netdesk.ui.delegates import TRUST_COLOR
from netdesk.ui.models.contact_table_model import ContactTableModel
from netdesk.ui.panes.contact_list_pane import ContactListPane
from tests.helpers import log, make_contact


def _pane(qtbot) -> ContactListPane:
    pane = ContactListPane()
    qtbot.addWidget(pane)
    pane.resize(900, 300)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def _picture(pane: ContactListPane) -> QImage:
    return pane.view.viewport().grab().toImage()


def _column_pixels(pane: ContactListPane, image: QImage, column: int) -> list[int]:
    view = pane.view
    left = view.columnViewportPosition(column)
    return [
        image.pixel(x, y)
        for y in range(image.height())
        for x in range(left, left + view.columnWidth(column))
    ]


def test_the_text_columns_look_exactly_as_the_style_paints_them(db, qtbot):
    make_contact("Ana", "Bennett", organisation="Maple Tech", offers=["payroll"])
    make_contact(
        "Bartholomew-Christopher",
        "Featherstonehaugh-Montgomery",  # longer than its column: elided
        organisation="The Very Long Name of an Accounting and Bookkeeping Cooperative",
        offers=["bookkeeping", "payroll", "year-end accounts", "tax returns"],
    )
    make_contact("Chloé", "Dubois", organisation="Atelier Dubois")
    for name in ("Dev", "Eve", "Fay"):  # rows enough for the alternate rows' background
        make_contact(name, "Ng", organisation="Ng & Co", offers=["catering"])
    pane = _pane(qtbot)
    pane.select_row(1)  # the selected row's colours and its focus frame too
    pane.view.setFocus()
    qtbot.wait(10)
    ours = _picture(pane)
    pane.view.setItemDelegate(QStyledItemDelegate(pane.view))  # the table paints it all
    theirs = _picture(pane)
    model = ContactTableModel
    for column in (model.NAME, model.ORGANISATION, model.OFFERS):
        assert _column_pixels(pane, ours, column) == _column_pixels(pane, theirs, column), column


def test_a_score_is_a_bar_as_long_as_the_score(db, qtbot):
    high = make_contact("Ana", "Bennett")
    for days in range(12):
        log(high, "one_to_one", days)
    make_contact("Ben", "Reid")  # never met: an empty bar
    pane = _pane(qtbot)
    model = pane.model
    rows = {model.cell(row, model.NAME)[0]: row for row in range(model.rowCount())}
    image = _picture(pane)
    height = pane.view.rowHeight(0)
    left = pane.view.columnViewportPosition(model.TRUST)

    def filled(row: int) -> int:
        top = pane.view.rowViewportPosition(row)
        return sum(
            1
            for x in range(left, left + pane.view.columnWidth(model.TRUST))
            if QColor(image.pixel(x, top + height // 2)) == TRUST_COLOR
        )

    assert model.cell(rows["Ana Bennett"], model.TRUST)[1] > 20
    assert filled(rows["Ana Bennett"]) > 5
    assert filled(rows["Ben Reid"]) == 0


def test_a_new_palette_draws_the_bars_again(db, qtbot):
    make_contact("Ana", "Bennett")
    pane = _pane(qtbot)
    before = _picture(pane)
    palette = pane.palette()
    palette.setColor(QPalette.ColorRole.Mid, QColor("#ff00ff"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    pane.setPalette(palette)
    qtbot.wait(10)
    after = _picture(pane)
    trust = ContactTableModel.TRUST
    assert _column_pixels(pane, before, trust) != _column_pixels(pane, after, trust)
