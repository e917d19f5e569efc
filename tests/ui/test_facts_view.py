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
