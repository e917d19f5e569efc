"""Sync with the person's own CardDAV and CalDAV server: no Qt here.

The contacts (an address book): ``discovery`` finds the address books of an
account, ``accounts`` and ``credentials`` keep the account (the password in the
system keyring), ``dav_client`` speaks WebDAV over httpx, ``server_changes``
lists what changed on the server, ``card_text``/``card_fields`` read and patch
vCards, ``merge`` merges three ways, ``state`` remembers each card, ``pairing``
matches a first sync, ``contact_sync`` runs it all.

The history (a calendar, after the contacts, naming them by their cards' UIDs):
``record_kinds`` says which record travels as which component, ``record_ical``
reads and patches the iCalendar objects (with ``icalendar``), ``record_local``
reads and writes the records here, ``record_merge`` merges them property by
property, ``record_state`` remembers each object, ``history_sync`` runs it all,
``record_conflicts`` names a record's conflicts for the Sync Conflicts list.

``runner`` runs both for an account and turns faults into outcomes (``outcome``);
``status`` says where sync stands for the status bar and ``netdesk sync status``.
"""
