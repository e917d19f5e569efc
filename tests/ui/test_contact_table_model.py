from PySide6.QtCore import Qt

from netdesk.domain.contact_list import ContactListQuery, SortKey
from netdesk.ui.models.contact_table_model import PAGE_SIZE, ContactTableModel
from netdesk.ui.roles import CONTACT_ID_ROLE, SCORE_ROLE
from tests.helpers import log, make_contact


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


def test_pages_are_fetched_on_demand(db, monkeypatch):
    for n in range(PAGE_SIZE + 10):
        make_contact(f"Person {n:04d}")
    model = ContactTableModel()
    calls = []
    import netdesk.ui.models.contact_table_model as module

    real = module.fetch_contact_page
    monkeypatch.setattr(
        module, "fetch_contact_page", lambda *a, **kw: calls.append(a[1]) or real(*a, **kw)
    )
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
