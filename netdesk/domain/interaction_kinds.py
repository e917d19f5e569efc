"""The one table of interaction kinds and score parameters.

Attention answers "how present is this relationship now?"; trust answers "how
much have we proven to each other?". Each interaction adds its kind's weight
and trust effect; both decay by half every half-life:

    attention(t) = 100 * (1 - exp(-S_a(t) / ATTENTION_SCALE))
        S_a(t) = sum of attention_weight * 0.5 ** (age_days / ATTENTION_HALF_LIFE_DAYS)

    trust(t)     = 100 * (1 - exp(-max(0, S_t(t)) / TRUST_SCALE))
        S_t(t) = sum of trust_effect * 0.5 ** (age_days / TRUST_HALF_LIFE_DAYS)

over the interactions dated on or before t (an interaction counts in full on
its own day). A broken promise (-8) costs more trust than a coffee (+3) earns.
The numbers below are defaults; ``ScoreParameters`` carries a user's tuning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class InteractionKind(NamedTuple):
    key: str
    label: str
    attention_weight: float
    trust_effect: float


#                 key                    label                          attention  trust
_TABLE = (
    InteractionKind("met", "Met (first meeting)", 3, 1),
    InteractionKind("one_to_one", "One-to-one (coffee, lunch)", 5, 3),
    InteractionKind("call", "Call", 3, 1),
    InteractionKind("message", "Email / message", 1, 0),
    InteractionKind("saw_at_event", "Saw at an event", 2, 0.5),
    InteractionKind("favour_given", "Favour given", 3, 2),
    InteractionKind("favour_received", "Favour received", 3, 3),
    InteractionKind("promise_kept", "Promise kept", 2, 4),
    InteractionKind("promise_broken", "Promise broken / no-show", 1, -8),
    InteractionKind("referral_given", "Referral given to them", 4, 5),
    InteractionKind("referral_received", "Referral received from them", 4, 8),
    InteractionKind("referral_closed", "Referral closed business", 2, 6),
    InteractionKind("note", "Note", 0, 0),
)

KINDS: dict[str, InteractionKind] = {kind.key: kind for kind in _TABLE}

ATTENTION_HALF_LIFE_DAYS = 30.0
TRUST_HALF_LIFE_DAYS = 365.0
ATTENTION_SCALE = 10.0
TRUST_SCALE = 20.0


@dataclass(frozen=True)
class ScoreParameters:
    attention_half_life_days: float = ATTENTION_HALF_LIFE_DAYS
    trust_half_life_days: float = TRUST_HALF_LIFE_DAYS
    attention_scale: float = ATTENTION_SCALE
    trust_scale: float = TRUST_SCALE

    def __post_init__(self) -> None:
        for name in (
            "attention_half_life_days",
            "trust_half_life_days",
            "attention_scale",
            "trust_scale",
        ):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be a positive number")


DEFAULT_PARAMETERS = ScoreParameters()


def kind(key: str) -> InteractionKind:
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"unknown interaction kind {key!r}") from None
