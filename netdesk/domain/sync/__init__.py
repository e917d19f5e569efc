"""Sync with the person's own CardDAV server (and, next, CalDAV): no Qt here.

``discovery`` finds the address books of an account, ``accounts`` and
``credentials`` keep the account (the password in the system keyring),
``dav_client`` speaks WebDAV over httpx, ``server_changes`` lists what changed
on the server, ``card_text``/``card_fields`` read and patch vCards, ``merge``
merges three ways, ``state`` remembers each card, ``pairing`` matches a first
sync, ``contact_sync`` runs it all and ``runner`` turns faults into outcomes.

What a calendar sync reuses as it is: the account and its keyring password
(``accounts``: a ``sync_collection`` row of another ``kind``), ``DavClient``
and its fault kinds (``Offline``, ``AuthFailed``, ``PreconditionFailed``,
``InvalidSyncToken``), ``discovery`` with a ``CollectionKind`` for calendars
(``calendar-home-set``, ``{urn:ietf:params:xml:ns:caldav}calendar``),
``server_changes.list_changes``, ``DavClient.multiget`` with
``calendar-multiget``, the ``sync_item``/``sync_conflict`` tables (their
``record_kind`` says what a row is), ``outcome`` and ``runner``'s handling.
"""
