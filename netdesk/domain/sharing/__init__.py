"""Contacts shared with the rest of the desktop: a person's card as the text of a ``.vcf``."""

from netdesk.domain.sharing.vcard_share import file_name, vcard_text

__all__ = ["file_name", "vcard_text"]
