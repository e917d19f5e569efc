"""Referrals in the main window: match a need, introduce, the ledger, who needs attention.

``install(window)`` adds the side-panel tabs (Match, For Contact, Ledger,
Attention), the Referrals menu with its shortcuts, and wires the feature to
``window.events`` and the contact list.
"""

from __future__ import annotations


def install(window):
    from netdesk.ui.referrals.feature import ReferralFeature

    feature = ReferralFeature(window)
    window.referral_feature = feature
    window.register_view("match", feature.show_match)
    window.register_view("for-contact", lambda: feature.show_tab(feature.reverse))
    window.register_view("ledger", lambda: feature.show_tab(feature.ledger))
    window.register_view("attention", lambda: feature.show_tab(feature.attention))
    return feature
