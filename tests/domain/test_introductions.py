"""The introduction email: the template, its placeholders, the draft and its mailto: URL."""

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from netdesk.domain import introductions, preferences, referrals, settings
from netdesk.domain.introductions import DEFAULT_BODY, mailto_url, template_problem
from netdesk.domain.referrals import ReferralDraft
from netdesk.domain.validation import ValidationError
from tests.helpers import make_contact


@pytest.fixture
def people(db):
    ben = make_contact(
        "Ben",
        "Reid",
        organisation="Reid & Sons Realty",
        title="Broker",
        offers=["Realtor", "home staging"],
        emails=["Ben.Reid+work@example.com"],
    )
    ana = make_contact("Ana", "Bennett-Núñez", emails=["ana@example.org"], needs=["a realtor"])
    cleo = make_contact("Cleo", "Nomail", offers=["bookkeeping"])
    return {"ben": ben, "ana": ana, "cleo": cleo}


def parts(url: str) -> tuple[list[str], dict[str, str]]:
    split = urlsplit(url)
    assert split.scheme == "mailto"
    query = {key: values[0] for key, values in parse_qs(split.query, strict_parsing=True).items()}
    return [unquote(a) for a in split.path.split(",") if a], query


def test_the_mailto_url_names_both_people_and_the_need_and_is_percent_encoded(people):
    email = introductions.draft_introduction(people["ana"], people["ben"], "a realtor & a lawyer")
    url = mailto_url(email)
    # nothing outside RFC 3986's unreserved set goes unencoded in the headers
    head, _, query = url.partition("?")
    assert head == "mailto:ana@example.org,Ben.Reid%2Bwork@example.com"
    assert " " not in url and "\n" not in url and "&" not in query.replace("&body=", "")
    assert "%C3%BA" in url  # ú of Núñez, as UTF-8
    assert "%0D%0A" in url and "%0A" not in url.replace("%0D%0A", "")
    to, fields = parts(url)
    assert to == ["ana@example.org", "Ben.Reid+work@example.com"]
    assert fields["subject"] == (
        "Introduction: Ana Bennett-Núñez, meet Ben Reid (a realtor & a lawyer)"
    )
    body = fields["body"].replace("\r\n", "\n")
    assert body == email.body
    assert body.startswith("Hi Ana and Ben,\n\nAna, meet Ben Reid. You are looking for a realtor")
    # why this provider: what of theirs the match found, and where they work
    assert "Ben is who I would call: they offer Realtor; Broker at Reid & Sons Realty." in body
    assert "[Note:" not in body


def test_a_person_without_email_is_named_in_the_draft(people):
    email = introductions.draft_introduction(people["ana"], people["cleo"], "bookkeeping")
    assert email.to == ("ana@example.org",)
    assert [p.name for p in email.missing] == ["Cleo Nomail"]
    to, fields = parts(mailto_url(email))
    assert to == ["ana@example.org"]
    assert fields["body"].startswith(
        "[Note: Cleo Nomail has no email address in netdesk. Add their address to To, or "
        "pass this on, and delete this line before sending.]\r\n\r\nHi Ana and Cleo,"
    )
    assert "they offer bookkeeping" in fields["body"]


def test_neither_with_an_email_still_makes_a_draft(people):
    other = make_contact("Dev", "Noaddress")
    email = introductions.draft_introduction(other, people["cleo"], "")
    assert email.to == ()
    assert mailto_url(email).startswith("mailto:?subject=")
    assert email.body.startswith("[Note: Dev Noaddress and Cleo Nomail have no email address")
    assert "looking for some help" in email.body


def test_past_referrals_that_closed_business_are_a_reason(people):
    recorded = referrals.record_referral(
        ReferralDraft("connected", provider_id=people["ben"], recipient_id=people["cleo"])
    )
    referrals.move_status(recorded.referral_id, "won", value=1000)
    email = introductions.draft_introduction(people["ana"], people["ben"], "a realtor")
    assert email.reasons.endswith("people I sent them closed business once")


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("Hi {recipient_first}, {need} {reasons}", None),
        ("{{braces}} are fine when doubled", None),
        ("Hi {recipent}", "{recipent} is not a placeholder netdesk knows; use {recipient},"),
        ("Hi {}", "{} is not a placeholder"),
        ("Hi {need", "a “{” is not closed"),
        ("Hi need}", "a “}” has no “{” before it"),
        ("Hi {need!r}", "write {need} plainly"),
        ("Hi {need:>10}", "write {need} plainly"),
    ],
)
def test_the_template_takes_only_known_placeholders(template, problem):
    found = template_problem(template)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_the_template_is_a_preference_checked_and_used(people):
    keys = {p.key: p for p in preferences.preferences()}
    assert keys["introduction.body"].kind == preferences.LONG_TEXT
    assert keys["introduction.subject"].kind == preferences.TEXT
    with pytest.raises(ValidationError) as refused:
        preferences.change({"introduction.subject": "Meet {provder}"})
    assert "Subject: {provder} is not a placeholder" in str(refused.value)
    assert settings.get("introduction.subject") == introductions.DEFAULT_SUBJECT

    before = preferences.change(
        {
            "introduction.subject": "{provider_first} x {recipient_first}",
            "introduction.body": "Dear {recipient},\r\n\r\n{provider} can help with {need}.  \n",
        }
    )
    assert before["introduction.body"] == DEFAULT_BODY
    email = introductions.draft_introduction(people["ana"], people["ben"], "a realtor")
    assert email.subject == "Ben x Ana"
    assert email.body == "Dear Ana Bennett-Núñez,\n\nBen Reid can help with a realtor.\n"
    # back to the default: nothing stored
    preferences.change(before)
    assert settings.get("introduction.body") == DEFAULT_BODY
