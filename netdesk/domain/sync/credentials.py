"""Sync passwords in the system keyring (``keyring``): never in the database, a settings
file or the log.

An account's password is stored under the service ``netdesk-sync`` and the key
``user@host`` of its server, so the person can find (and remove) it in their
keyring app. A computer without a usable keyring gets ``NoKeyring``: the
command line then takes the password on standard input each time.
"""

from __future__ import annotations

import contextlib
import urllib.parse
from typing import Any

SERVICE = "netdesk-sync"


class NoKeyring(Exception):
    """No system keyring can hold the password here; the message says what to do."""


class NoPassword(Exception):
    """The keyring holds no password for this account."""


def key_for(username: str, server_url: str) -> str:
    host = urllib.parse.urlsplit(server_url).netloc or server_url
    return f"{username}@{host}"


def _keyring() -> tuple[Any, Any]:
    # imported when first used: opening netdesk without a sync account loads no keyring
    import keyring
    import keyring.errors

    return keyring, keyring.errors


def store_password(username: str, server_url: str, password: str) -> None:
    keyring, errors = _keyring()
    try:
        keyring.set_password(SERVICE, key_for(username, server_url), password)
    except (errors.NoKeyringError, errors.PasswordSetError, errors.KeyringLocked) as exc:
        raise NoKeyring(
            "no system keyring can keep the password on this computer "
            f"({type(exc).__name__}); give it on standard input (--password-stdin) each time"
        ) from exc


def load_password(username: str, server_url: str) -> str:
    keyring, errors = _keyring()
    try:
        found = keyring.get_password(SERVICE, key_for(username, server_url))
    except (errors.NoKeyringError, errors.KeyringLocked, errors.InitError) as exc:
        raise NoKeyring(
            f"the system keyring cannot be read ({type(exc).__name__}); "
            "give the password on standard input (--password-stdin)"
        ) from exc
    if found is None:
        raise NoPassword(f"no password for {key_for(username, server_url)} in the keyring")
    return str(found)


def forget_password(username: str, server_url: str) -> None:
    keyring, errors = _keyring()
    with contextlib.suppress(
        errors.PasswordDeleteError, errors.NoKeyringError, errors.KeyringLocked
    ):
        keyring.delete_password(SERVICE, key_for(username, server_url))
