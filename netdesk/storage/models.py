"""The peewee models: one class per table, bound to a single ``DatabaseProxy``.

The tables themselves are created by the migrations in ``migrations.py``;
``tests/storage/test_migrations.py`` checks the two agree column by column.
Dates are ISO ``YYYY-MM-DD`` text; timestamps are ISO text in UTC.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, overload

from peewee import (
    AutoField,
    BlobField,
    CompositeKey,
    DatabaseProxy,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


class DatabaseBinding(DatabaseProxy):
    """The proxy every model is bound to.

    ``initialize`` binds a database for the whole process: the one owner of its
    lifetime does that, on its own thread (``netdesk.storage.database``).
    ``bound_here`` binds one for the calling thread alone, for the while: a
    worker building a file of its own (a restore) never re-points what the
    other threads use.
    """

    __slots__ = ("_shared", "_here")

    def __init__(self) -> None:
        object.__setattr__(self, "_here", threading.local())
        object.__setattr__(self, "_shared", None)
        super().__init__()

    def __setattr__(self, attr: str, value: Any) -> None:
        object.__setattr__(self, attr, value)

    @property
    def obj(self) -> Any:
        here = getattr(self._here, "db", None)
        return here if here is not None else self._shared

    @obj.setter
    def obj(self, value: Any) -> None:
        object.__setattr__(self, "_shared", value)

    @contextmanager
    def bound_here(self, db: Any) -> Iterator[None]:
        previous = getattr(self._here, "db", None)
        self._here.db = db
        try:
            yield
        finally:
            self._here.db = previous


database = DatabaseBinding()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


@overload
def as_date(value: None) -> None: ...
@overload
def as_date(value: dt.date | str) -> dt.date: ...
def as_date(value: dt.date | str | None) -> dt.date | None:
    """A stored date as a model or a plain query hands it back (a date, or its ISO text;
    a timestamp gives its day); None stays None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value[:10])


def as_datetime(value: dt.datetime | str) -> dt.datetime:
    """A stored timestamp as a model or a plain query hands it back."""
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Contact(BaseModel):
    id = AutoField()
    given_name = TextField(default="")
    family_name = TextField(default="")
    display_name = TextField(default="")
    # casefolded, accent-free display name: what the list sorts on
    sort_key = TextField(default="", index=True)
    organisation = TextField(default="")
    title = TextField(default="")
    city = TextField(default="")
    # what friends call them ("Gitta"), and their department within the organisation
    nickname = TextField(default="")
    department = TextField(default="")
    notes = TextField(default="")
    how_we_met = TextField(default="")
    introduced_by = ForeignKeyField("self", null=True, on_delete="SET NULL", backref="introduced")
    # one of netdesk.domain.contacts.NETWORKING_STYLES, or "" when unknown
    networking_style = TextField(default="")
    cadence_days = IntegerField(null=True)
    photo = BlobField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    # set when the contact is in the trash (deleted, recoverable by undo)
    deleted_at = DateTimeField(null=True, index=True)
    # score cache, see netdesk.domain.scoring: sum of weight * 2**(days since epoch / half-life)
    attention_norm = FloatField(default=0.0, index=True)
    trust_norm = FloatField(default=0.0, index=True)
    last_interaction_on = DateField(null=True, index=True)
    # place in name order, kept by netdesk.storage.search_index: the contact's rowid in
    # the contact_search index (None while the contact is in the trash)
    search_position = IntegerField(null=True, unique=True)


class ContactEmail(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="emails")
    address = TextField()
    # lower-cased address used for duplicate detection
    normalized = TextField(index=True)
    label = TextField(default="")
    position = IntegerField(default=0)


class ContactPhone(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="phones")
    number = TextField()
    # E.164 when the number could be parsed, else digits only
    normalized = TextField(index=True)
    label = TextField(default="")
    position = IntegerField(default=0)


class ContactUrl(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="urls")
    url = TextField()
    label = TextField(default="")
    position = IntegerField(default=0)


class Tag(BaseModel):
    id = AutoField()
    name = TextField(unique=True, collation="NOCASE")


class ContactTag(BaseModel):
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="contact_tags")
    tag = ForeignKeyField(Tag, on_delete="CASCADE", backref="contact_tags")

    class Meta:
        primary_key = CompositeKey("contact", "tag")


class Offer(BaseModel):
    """Something a contact sells or does: "Realtor", "mobile websites"."""

    id = AutoField()
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="offers")
    text = TextField()
    position = IntegerField(default=0)


class Need(BaseModel):
    """Something a contact is looking for right now."""

    id = AutoField()
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="needs")
    text = TextField()
    position = IntegerField(default=0)
    created_on = DateField(default=dt.date.today)


class Event(BaseModel):
    id = AutoField()
    name = TextField()
    held_on = DateField(index=True)
    place = TextField(default="")
    notes = TextField(default="")
    created_at = DateTimeField(default=utcnow)


class EventTag(BaseModel):
    event = ForeignKeyField(Event, on_delete="CASCADE", backref="event_tags")
    tag = ForeignKeyField(Tag, on_delete="CASCADE", backref="event_tags")

    class Meta:
        primary_key = CompositeKey("event", "tag")


class Attendance(BaseModel):
    id = AutoField()
    event = ForeignKeyField(Event, on_delete="CASCADE", backref="attendance")
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="attendance")
    # True when this event is where we first met the contact
    is_new = IntegerField(default=0)
    checked_in_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("event", "contact"), True),)


class Referral(BaseModel):
    """A referral: who was recommended (provider) to whom (recipient).

    ``direction`` is "given" (I recommended the provider), "received" (the
    ``referrer`` contact sent business to me) or "connected" (I introduced
    two contacts to each other). A null provider or recipient means "me" or
    someone outside netdesk, as the direction says.
    """

    id = AutoField()
    direction = TextField()
    provider = ForeignKeyField(
        Contact, null=True, on_delete="SET NULL", backref="referrals_as_provider"
    )
    recipient = ForeignKeyField(
        Contact, null=True, on_delete="SET NULL", backref="referrals_as_recipient"
    )
    referrer = ForeignKeyField(
        Contact, null=True, on_delete="SET NULL", backref="referrals_as_referrer"
    )
    need = TextField(default="")
    note = TextField(default="")
    referred_on = DateField(index=True)
    # suggested -> introduced -> met -> won | lost
    status = TextField(default="introduced", index=True)
    status_changed_on = DateField(null=True)
    value = FloatField(null=True)
    created_at = DateTimeField(default=utcnow)


class Interaction(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="interactions")
    # a key of netdesk.domain.interaction_kinds.KINDS
    kind = TextField()
    occurred_on = DateField()
    note = TextField(default="")
    event = ForeignKeyField(Event, null=True, on_delete="SET NULL", backref="interactions")
    referral = ForeignKeyField(Referral, null=True, on_delete="SET NULL", backref="interactions")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("contact", "occurred_on"), False),)


class FollowUp(BaseModel):
    """Something to do about a contact: after an event, a promise, a reminder."""

    id = AutoField()
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="follow_ups")
    reason = TextField()
    due_on = DateField(index=True)
    event = ForeignKeyField(Event, null=True, on_delete="SET NULL", backref="follow_ups")
    referral = ForeignKeyField(Referral, null=True, on_delete="CASCADE", backref="follow_ups")
    note = TextField(default="")
    done_at = DateTimeField(null=True)
    snoozed_until = DateField(null=True)
    created_at = DateTimeField(default=utcnow)


class Setting(BaseModel):
    """A user setting stored in the database; defaults live in netdesk.domain.settings."""

    key = TextField(primary_key=True)
    value = TextField()  # JSON


class SyncAccount(BaseModel):
    """A server netdesk syncs with (its password is in the system keyring, never here)."""

    id = AutoField()
    name = TextField(unique=True)
    # what the person typed (a URL or an email domain), and where discovery led
    server_url = TextField()
    username = TextField()
    principal_url = TextField(default="")
    # plain HTTP to a host other than this computer, allowed by the person
    allow_http = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)


class SyncCollection(BaseModel):
    """One collection of an account: its address book ("contacts") or its calendar ("calendar")."""

    id = AutoField()
    account = ForeignKeyField(SyncAccount, on_delete="CASCADE", backref="collections")
    kind = TextField()
    url = TextField()
    display_name = TextField(default="")
    # RFC 6578 sync token and the collection's ctag as of the last complete sync
    sync_token = TextField(null=True)
    ctag = TextField(null=True)
    last_sync_at = DateTimeField(null=True)
    # JSON: how the last sync ended (netdesk.domain.sync.status)
    last_result = TextField(default="")
    # a calendar's supported-calendar-component-set ("VEVENT,VTODO,VJOURNAL"; "" unknown)
    components = TextField(default="")

    class Meta:
        indexes = ((("account", "kind"), True),)


class SyncItem(BaseModel):
    """One record on the server and the local record it is paired with.

    ``base`` is the record's text as last synced (the common ancestor of a three-way
    merge), ``etag`` the server's tag for it, ``local_hash`` a digest of the local
    record as last synced (a different digest now: changed here since).
    ``etag`` is None while an upload is under way (``base`` None: never uploaded).
    ``local_changed`` is set (by triggers) when the local record changed since: only
    those records are compared at the next sync.
    """

    id = AutoField()
    collection = ForeignKeyField(SyncCollection, on_delete="CASCADE", backref="items")
    record_kind = TextField()
    local_id = IntegerField(null=True)
    uid = TextField()
    href = TextField()
    etag = TextField(null=True)
    base = TextField(null=True)
    local_hash = TextField(null=True)
    # set by triggers when the local record's synced fields change (storage/migrations.py)
    local_changed = IntegerField(default=0)
    synced_at = DateTimeField(null=True)
    # JSON list of the UIDs a server record names that netdesk does not know yet: the
    # record (``local_id`` None) or that part of it waits until they are known
    waiting = TextField(null=True)

    class Meta:
        indexes = (
            (("collection", "href"), True),
            (("collection", "uid"), False),
            (("record_kind", "local_id"), False),
        )


class SyncConflict(BaseModel):
    """A property changed differently on both sides: the server's value was kept and
    the local one waits here until the person chooses."""

    id = AutoField()
    collection = ForeignKeyField(SyncCollection, on_delete="CASCADE", backref="conflicts")
    record_kind = TextField()
    local_id = IntegerField(null=True)
    uid = TextField()
    field = TextField()
    # JSON values of the property: the local one (set aside) and the server's (kept)
    local_value = TextField()
    server_value = TextField()
    created_at = DateTimeField(default=utcnow)
    resolved_at = DateTimeField(null=True, index=True)
    resolution = TextField(default="")


class SchemaVersion(BaseModel):
    """One row per migration applied; the highest version is the schema's."""

    version = IntegerField(primary_key=True)
    applied_at = DateTimeField(default=utcnow)
    description = TextField(default="")


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Contact,
    ContactEmail,
    ContactPhone,
    ContactUrl,
    Tag,
    ContactTag,
    Offer,
    Need,
    Event,
    EventTag,
    Attendance,
    Referral,
    Interaction,
    FollowUp,
    Setting,
    SyncAccount,
    SyncCollection,
    SyncItem,
    SyncConflict,
    SchemaVersion,
)
