"""The domain's messages name days as the edge showing them says: ISO on a terminal."""

import datetime as dt

import pytest

from netdesk.domain import wording
from netdesk.domain.interactions import log_interaction
from netdesk.domain.validation import ValidationError
from tests.helpers import make_contact

NEXT_YEAR = dt.date.today() + dt.timedelta(days=400)


def test_a_refusal_names_the_day_in_iso_by_default(db):
    contact = make_contact("Ana")
    with pytest.raises(ValidationError, match=f"{NEXT_YEAR.isoformat()} is in the future"):
        log_interaction(contact, "one_to_one", NEXT_YEAR)


def test_a_refusal_names_the_day_as_the_edge_asks(db):
    contact = make_contact("Ana")
    wording.name_days_with(lambda day: day.strftime("%d/%m/%Y"))
    with pytest.raises(ValidationError) as refused:
        log_interaction(contact, "one_to_one", NEXT_YEAR)
    assert f"{NEXT_YEAR:%d/%m/%Y} is in the future" in str(refused.value)
    assert NEXT_YEAR.isoformat() not in str(refused.value)
    wording.name_days_with(None)
    assert wording.day(NEXT_YEAR) == NEXT_YEAR.isoformat()
