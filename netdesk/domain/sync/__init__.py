"""Sync with the person's own CardDAV server (and, next, CalDAV): no Qt here.

``discovery`` finds the address books of an account, ``accounts`` and
``credentials`` keep the account (the password in the system keyring),
``dav_client`` speaks WebDAV over httpx, ``server_changes`` lists what changed
on the server, ``card_text``/``card_fields`` read and patch vCards, ``merge``
merges three ways, ``state`` remembers each card, ``pairing`` matches a first
sync, ``contact_sync`` runs it all and ``runner`` turns faults into outcomes.
"""
