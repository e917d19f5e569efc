"""The introduction email: "Ana, meet Ben — Ben is the realtor I'd call".

``draft_introduction`` fills the user's template (the ``introduction.subject``
and ``introduction.body`` settings, edited in Preferences) with both people's
names, the need and why this provider (what of theirs matched the need, as the
referral match found it, and how past referrals to them ended). Both people's
first email address goes in To; a person netdesk has no address for is named
at the top of the body, in a note plain enough to catch the eye before sending.

``mailto_url`` makes the draft a ``mailto:`` URL (RFC 6068: every reserved or
non-ASCII character percent-encoded as UTF-8, line breaks as ``%0D%0A``) for the
desktop's mail program; ``clipboard_text`` is the same draft as text, for when
there is none. Sending stays the mail program's job: netdesk records the
introduction only when the person says it went out.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from urllib.parse import quote

# placeholder → what it stands for (the Preferences text and the check name them)
PLACEHOLDERS: dict[str, str] = {
    "recipient": "the full name of the person with the need",
    "recipient_first": "their first name",
    "provider": "the full name of the person you recommend",
    "provider_first": "their first name",
    "need": "what is needed",
    "reasons": "why them: what they offer that fits, how past referrals went",
}

DEFAULT_SUBJECT = "Introduction: {recipient}, meet {provider} ({need})"
DEFAULT_BODY = (
    "Hi {recipient_first} and {provider_first},\n"
    "\n"
    "{recipient_first}, meet {provider}. You are looking for {need}, and "
    "{provider_first} is who I would call: {reasons}.\n"
    "\n"
    "{provider_first}, meet {recipient}. I will let you two take it from here.\n"
    "\n"
    "Best,\n"
)
# what {need} reads as when no need was written down
NO_NEED = "some help"
# the longest template Preferences takes
TEMPLATE_MAX = 2000
_MAX_REASONS = 3


def template_problem(text: object) -> str | None:
    """Why ``text`` cannot be an introduction template (None: it can).

    Only the placeholders of ``PLACEHOLDERS`` are allowed, written plainly
    (``{need}``, no format or conversion); a brace on its own is written twice.
    """
    if not isinstance(text, str):
        return "a template is text"
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as exc:
        what = str(exc).rstrip(".")
        if "Single '}'" in what:
            return "a “}” has no “{” before it (write “}}” for the brace itself)"
        if "Single '{'" in what or "expected '}'" in what:
            return "a “{” is not closed with “}” (write “{{” for the brace itself)"
        return f"cannot be read: {what}"
    known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            shown = f"{{{name}}}" if name else "{}"
            return f"{shown} is not a placeholder netdesk knows; use {known}"
        if spec or conversion:
            return f"write {{{name}}} plainly, without “!” or “:”"
    return None


@dataclass(frozen=True)
class Person:
    contact_id: int
    name: str
    first_name: str
    email: str  # "" when netdesk has none


@dataclass(frozen=True)
class IntroductionEmail:
    recipient: Person
    provider: Person
    need: str
    reasons: str
    subject: str
    body: str

    @property
    def to(self) -> tuple[str, ...]:
        return tuple(p.email for p in (self.recipient, self.provider) if p.email)

    @property
    def missing(self) -> tuple[Person, ...]:
        """The people netdesk has no email address for."""
        return tuple(p for p in (self.recipient, self.provider) if not p.email)


def person(contact_id: int) -> Person:
    from netdesk.domain import contacts  # (settings reads this module's defaults)

    draft = contacts.load_contact(contact_id)
    name = draft.shown_name()
    first = draft.given_name.strip() or draft.nickname.strip() or name.split(" ")[0]
    email = next((e.value.strip() for e in draft.emails if e.value.strip()), "")
    return Person(contact_id, name, first or name, email)


def _and(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def provider_reasons(provider_id: int, need: str, for_contact_id: int | None = None) -> str:
    """Why this provider, in words fit for an email: what of theirs the match found for the
    need (their offers, title, organisation), and past referrals that closed business.
    Without a match (no need, or one nothing of theirs answers), their offers."""
    from netdesk.domain import contacts, matching

    found = None
    if need.strip():
        found = next(
            (
                r
                for r in matching.match_need(need, for_contact_id=for_contact_id, limit=50)
                if r.contact_id == provider_id
            ),
            None,
        )
    draft = contacts.load_contact(provider_id)
    parts: list[str] = []
    offers = list(found.matched.get("offers", [])) if found else []
    if not offers and not (found and found.matched.get("title")):
        offers = [o for o in draft.offers if o.strip()][:_MAX_REASONS]
    if offers:
        parts.append(f"they offer {_and(offers[:_MAX_REASONS])}")
    role = " at ".join(p for p in (draft.title.strip(), draft.organisation.strip()) if p)
    if role:
        parts.append(role)
    history = found.history if found else matching.referral_history([provider_id])[provider_id]
    if history.won:
        times = "once" if history.won == 1 else f"{history.won} times"
        parts.append(f"people I sent them closed business {times}")
    return "; ".join(parts) or "I know them and trust their work"


def render(template: str, values: dict[str, str]) -> str:
    """The template with its placeholders filled (it was checked with ``template_problem``)."""
    return template.format_map(values)


def missing_note(missing: tuple[Person, ...]) -> str:
    """The note at the top of the body naming whoever has no email address ("" if none)."""
    if not missing:
        return ""
    names = _and([p.name for p in missing])
    verb = "has" if len(missing) == 1 else "have"
    whose = "their address" if len(missing) == 1 else "their addresses"
    return (
        f"[Note: {names} {verb} no email address in netdesk. Add {whose} to To, or "
        "pass this on, and delete this line before sending.]\n\n"
    )


def draft_introduction(
    recipient_id: int,
    provider_id: int,
    need: str,
    *,
    subject_template: str | None = None,
    body_template: str | None = None,
) -> IntroductionEmail:
    """The introduction email for these two people and this need, from the user's template
    (or the ones given)."""
    from netdesk.domain import settings

    recipient, provider = person(recipient_id), person(provider_id)
    reasons = provider_reasons(provider_id, need, recipient_id)
    values = {
        "recipient": recipient.name,
        "recipient_first": recipient.first_name,
        "provider": provider.name,
        "provider_first": provider.first_name,
        "need": need.strip() or NO_NEED,
        "reasons": reasons,
    }
    subject_text = subject_template or str(settings.get("introduction.subject"))
    body_text = body_template or str(settings.get("introduction.body"))
    subject = " ".join(render(subject_text, values).split())
    body = render(body_text, values)
    body = missing_note(tuple(p for p in (recipient, provider) if not p.email)) + body
    return IntroductionEmail(recipient, provider, need.strip(), reasons, subject, body)


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def mailto_url(email: IntroductionEmail) -> str:
    """The draft as a ``mailto:`` URL (RFC 6068), every address and header percent-encoded."""
    to = ",".join(quote(address, safe="@") for address in email.to)
    query = f"subject={quote(email.subject, safe='')}&body={quote(_crlf(email.body), safe='')}"
    return f"mailto:{to}?{query}"


def clipboard_text(email: IntroductionEmail) -> str:
    """The draft as text to paste into any mail program."""
    return f"To: {', '.join(email.to)}\nSubject: {email.subject}\n\n{email.body}"
