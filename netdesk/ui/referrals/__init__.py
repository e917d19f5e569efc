"""Referrals in the main window: match a need, introduce, the ledger, who needs attention.

``install(window)`` adds the side-panel tabs (Match, For Contact, Ledger,
Attention), the Referrals menu with its shortcuts, and wires the feature to
``window.events`` and the contact list.
"""

from __future__ import annotations


def install(window):
    from netdesk.ui.referrals.feature import ReferralFeature

    window.referral_feature = ReferralFeature(window)
    return window.referral_feature
