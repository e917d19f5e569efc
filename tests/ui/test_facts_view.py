"""The contact's facts: a contact opened after another takes the rows already there."""

from netdesk.ui.panes.contact_detail_pane import FactsView


def test_the_rows_are_kept_and_take_the_next_contacts_facts(qtbot):
    view = FactsView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    view.set_facts([("Offers", "payroll"), ("Email", "ana@example.com"), ("Notes", "x " * 200)])
    first = list(view.values())
    assert [label.text() for label in first] == ["payroll", "ana@example.com", "x " * 200]
    assert first[2]._max_lines == 4 and first[2].hasHeightForWidth()  # notes: four lines

    view.set_facts([("Email", "ben@example.com"), ("Phone", "519-555-0100")])
    second = list(view.values())
    assert second == first[:2]  # the same labels, new values
    assert [label.text() for label in second] == ["ben@example.com", "519-555-0100"]
    assert [label.accessibleName() for label in second] == ["Email", "Phone"]
    assert not second[1].hasHeightForWidth()
    assert view.facts() == [("Email", "ben@example.com"), ("Phone", "519-555-0100")]
    assert view.text() == "Email: ben@example.com\nPhone: 519-555-0100"

    view.set_facts([("Notes", "met at the mixer"), ("Email", "c@example.com"), ("Web", "w")])
    third = list(view.values())
    assert third[:2] == first[:2] and len(third) == 3
    assert third[0]._max_lines == 4


def test_rows_added_on_screen_are_laid_out_once(qtbot):
    """Each label added to a view on screen used to show on a turn of its own, the rows
    above it resized twice each time; now the rows come in together."""
    from PySide6.QtCore import QEvent, QObject

    view = FactsView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    view.set_facts([("Offers", "payroll")])
    qtbot.waitUntil(lambda: view.values()[0].isVisible())
    qtbot.wait(10)

    class Resizes(QObject):
        count = 0

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Resize:
                self.count += 1
            return False

    resizes = Resizes()
    first = view.values()[0]
    first.installEventFilter(resizes)
    titles = ("Offers", "Needs", "Tags", "How we met", "Email", "Phone", "Web", "Notes")
    view.set_facts([(title, f"{title.lower()} value") for title in titles])
    qtbot.waitUntil(lambda: all(label.isVisible() for label in view.values()))
    qtbot.wait(10)
    assert resizes.count <= 1
    tops = [label.geometry().top() for label in view.values()]
    assert tops == sorted(tops) and len(set(tops)) == len(titles)  # one row each, in order
    assert all(label.height() >= label.minimumSizeHint().height() for label in view.values())
