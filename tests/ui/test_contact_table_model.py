from PySide6.QtCore import Qt

import netdesk.ui.models.contact_table_model as model_module
from netdesk.domain.contact_list import ContactListQuery, SortKey
from netdesk.ui.models.contact_table_model import PAGE_SIZE, ContactTableModel
from netdesk.ui.roles import CONTACT_ID_ROLE, SCORE_ROLE
from tests.helpers import log, make_contact


def spy(monkeypatch, name: str, noted) -> list:
    """What ``noted(*args)`` says of each call the model makes to its module's ``name``."""
    calls = []
    real = getattr(model_module, name)

    def recorded(*args, **kwargs):
        calls.append(noted(*args))
        return real(*args, **kwargs)

    monkeypatch.setattr(model_module, name, recorded)
    return calls


def test_passes_the_model_tester(db, qtmodeltester):
    for n in range(25):
        cid = make_contact(f"Person {n:02d}", offers=["payroll"])
        log(cid, "call", n)
    model = ContactTableModel()
    qtmodeltester.check(model, force_py=True)
    model.set_query(ContactListQuery(text="Person 1"))
    qtmodeltester.check(model, force_py=True)


def test_rows_show_names_scores_and_ids(db, qtmodeltester):
    cid = make_contact("Ana", "Lee", organisation="Lee Books", offers=["payroll", "bookkeeping"])
    log(cid, "one_to_one", 3)
    model = ContactTableModel()
    assert model.rowCount() == 1
    assert model.index(0, model.NAME).data() == "Ana Lee"
    assert model.index(0, model.OFFERS).data() == "payroll, bookkeeping"
    assert model.index(0, model.LAST).data() == "3 days ago"
    assert model.index(0, model.TRUST).data(SCORE_ROLE) > 0
    assert model.index(0, model.NAME).data(CONTACT_ID_ROLE) == cid


def test_a_cell_answers_every_role_in_one_call_as_data_does(db):
    from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan

    cid = make_contact("Ana", "Lee", organisation="Lee Books", offers=["payroll"])
    log(cid, "one_to_one", 3)
    model = ContactTableModel()
    roles = [
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.ToolTipRole,
        SCORE_ROLE,
    ]
    for column in range(model.columnCount()):
        index = model.index(0, column)
        for role in roles:
            got = QModelRoleData(int(role))
            got.setData("left from before")  # every role is set, answered or not
            model.multiData(index, QModelRoleDataSpan(got))
            assert got.data() == index.data(role), (column, role)


def test_what_the_list_paints_in_a_cell_is_what_the_model_says(db):
    cid = make_contact("Ana", "Lee", organisation="Lee Books", offers=["payroll"])
    log(cid, "one_to_one", 3)
    model = ContactTableModel()
    for column in range(model.columnCount()):
        index = model.index(0, column)
        text, score = model.cell(0, column)
        assert text == index.data()
        assert score == index.data(SCORE_ROLE)
    assert model.cell(0, model.TRUST)[1] > 0
    assert model.cell(1, model.NAME) is None  # past the last row


def test_pages_are_fetched_on_demand(db, monkeypatch):
    for n in range(PAGE_SIZE + 10):
        make_contact(f"Person {n:04d}")
    model = ContactTableModel()
    calls = spy(monkeypatch, "fetch_contact_page", lambda query, offset, *rest: offset)
    for column in range(model.columnCount()):
        model.index(0, column).data()
        model.index(5, column).data()
    assert calls == [0]
    assert model.index(PAGE_SIZE + 5, model.NAME).data() == f"Person {PAGE_SIZE + 5:04d}"
    assert calls == [0, PAGE_SIZE]


def test_sorting_asks_sql_for_the_new_order(db):
    a = make_contact("Aaron")
    make_contact("Zed")
    log(a, "promise_broken", 1)
    model = ContactTableModel()
    model.sort(model.ATTENTION, Qt.SortOrder.DescendingOrder)
    assert model.query.sort == SortKey.ATTENTION and model.query.descending
    assert model.index(0, model.NAME).data() == "Aaron"
    model.sort(model.NAME, Qt.SortOrder.DescendingOrder)
    assert model.index(0, model.NAME).data() == "Zed"


def test_a_broad_search_shows_its_first_page_then_counts_the_rest(db, qtbot, qtmodeltester):
    for n in range(PAGE_SIZE + 30):
        make_contact(f"Person {n:04d}")
    make_contact("Someone", "Else")
    model = ContactTableModel()
    counted = []
    model.counted.connect(lambda: counted.append(model.rowCount()))
    model.set_query(ContactListQuery(text="pers"))
    # the first page at once, the list as long as it was (all 131) until counted...
    assert model.counting and model.rowCount() == PAGE_SIZE + 31
    assert model.index(0, model.NAME).data() == "Person 0000"
    # ...the rest on the next turn of the event loop: the one row too many goes
    removed = []
    model.rowsRemoved.connect(lambda parent, first, last: removed.append((first, last)))
    qtbot.waitUntil(lambda: not model.counting)
    assert counted == [PAGE_SIZE + 30]
    assert removed == [(PAGE_SIZE + 30, PAGE_SIZE + 30)]
    assert model.rowCount() == PAGE_SIZE + 30
    assert model.index(PAGE_SIZE + 29, model.NAME).data() == f"Person {PAGE_SIZE + 29:04d}"
    qtmodeltester.check(model, force_py=True)


def test_a_key_typed_before_the_count_skips_it(db, qtbot, monkeypatch):
    for n in range(PAGE_SIZE + 5):
        make_contact(f"Person {n:04d}")
    model = ContactTableModel()
    counts = spy(monkeypatch, "count_contacts", lambda query: query.text)
    model.set_query(ContactListQuery(text="p"))
    model.set_query(ContactListQuery(text="pe"))
    model.set_query(ContactListQuery(text="person 00"))  # 100 matches: a full page
    qtbot.waitUntil(lambda: not model.counting)
    assert counts == ["person 00"]
    assert model.rowCount() == PAGE_SIZE
    # a narrow search is counted with its first page
    model.set_query(ContactListQuery(text="person 0104"))
    assert not model.counting and model.rowCount() == 1


def test_finding_a_contact_past_the_first_page_counts_first(db):
    ids = [make_contact(f"Person {n:04d}") for n in range(PAGE_SIZE + 20)]
    model = ContactTableModel()
    model.set_query(ContactListQuery(text="person"))
    assert model.counting
    assert model.row_for_contact(ids[-1]) == PAGE_SIZE + 19
    assert not model.counting and model.rowCount() == PAGE_SIZE + 20
