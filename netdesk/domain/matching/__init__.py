"""Referral match: who in my network can serve a need, best first, and why.

One job a module:

- ``synonyms``: the trade vocabulary a person edits (and the built-in one);
- ``vocabulary``: word stems, the provider index's words, word forms, typos;
- ``need``: reading a need into concepts, places and corrections;
- ``ranking``: the formula (read its notes) and the one SQL statement behind it;
- ``explain``: the reasons, in words, for the rows returned;
- ``results``: what a match returns, and past referrals;
- ``reverse``: for one contact, who needs what they offer and who could help them;
- ``completion``: completing a need from the needs on record.
"""

from netdesk.domain.matching.completion import RecordedNeed, recorded_needs
from netdesk.domain.matching.need import (
    GENERIC_WEIGHT,
    STOPWORDS,
    Concept,
    ParsedNeed,
    parse_need,
)
from netdesk.domain.matching.ranking import (
    DEFAULT_LIMIT,
    EXPANSION_WEIGHT,
    FIELD_WEIGHTS,
    MENTION_LIMIT,
    MIN_SHARE,
    PLACE_BOOST,
    Match,
    match,
    match_need,
    standing_of,
)
from netdesk.domain.matching.results import (
    NOTES,
    PROVIDER,
    MatchResult,
    ReferralHistory,
    referral_history,
)
from netdesk.domain.matching.reverse import HelpFor, ReverseView, reverse_view, who_needs
from netdesk.domain.matching.synonyms import (
    DEFAULT_SYNONYM_TEXT,
    DEFAULT_SYNONYMS,
    SynonymRule,
    format_synonym_text,
    parse_synonym_text,
    save_synonym_rules,
    synonym_rules,
)
from netdesk.domain.matching.vocabulary import STEM_TOKENIZER, stems

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_SYNONYMS",
    "DEFAULT_SYNONYM_TEXT",
    "EXPANSION_WEIGHT",
    "FIELD_WEIGHTS",
    "GENERIC_WEIGHT",
    "MENTION_LIMIT",
    "MIN_SHARE",
    "NOTES",
    "PLACE_BOOST",
    "PROVIDER",
    "STEM_TOKENIZER",
    "STOPWORDS",
    "Concept",
    "HelpFor",
    "Match",
    "MatchResult",
    "ParsedNeed",
    "RecordedNeed",
    "ReferralHistory",
    "ReverseView",
    "SynonymRule",
    "format_synonym_text",
    "match",
    "match_need",
    "parse_need",
    "parse_synonym_text",
    "recorded_needs",
    "referral_history",
    "reverse_view",
    "save_synonym_rules",
    "stems",
    "standing_of",
    "synonym_rules",
    "who_needs",
]
