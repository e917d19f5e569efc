"""The trade vocabulary: synonym rules a person can edit, and the built-in table.

One rule a line, in the format a person edits:

- ``a, b = c, d``: a need naming a or b also looks for the other and for c and d;
- ``a, b, c`` (no ``=``): each finds the others.

A word that names several trades on its own ("designer": graphic, interior, web,
landscape) is no rule's phrase: a need for "a designer" finds every designer, and
one for "a graphic designer" never an interior designer.

The phrases of all rules are also netdesk's *trade words*: two words with the
same Porter stem count as one word only when they are plural and singular, or
when they belong to a common rule (or neither belongs to any). So "marketing"
(a trade of its own) never stands in for "market", nor "housing" for "house".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netdesk.domain import settings
from netdesk.domain.validation import Problem, ValidationError, clean_list

DEFAULT_SYNONYM_TEXT = """\
realtor, real estate agent, real estate broker, estate agent, real estate, housing market, housing, property, home buying, home selling = realty, residential real estate
web designer, web developer, website developer, website designer, web design, website, websites, wordpress = website development, web development
developer, software developer, app developer, programmer, app, apps, mobile app = mobile apps, web apps, software development
graphic designer, graphic design, brand designer, logo, logo design, branding = brand identity
bookkeeper, book keeper, bookkeeping = payroll, quickbooks
accountant, accounting, cpa, chartered accountant, taxes, tax, tax return = tax advisor, tax returns, tax preparation
lawyer, attorney, solicitor, barrister, legal, real estate lawyer, real estate law, property lawyer = paralegal, notary, wills and estates
mortgage broker, mortgage agent, mortgage, home loan = mortgages, refinancing
financial planner, financial advisor, wealth advisor, financial planning, retirement = retirement planning, wealth management
photographer, photography, photos, headshots = photo shoots, real estate photography, videography
videographer, videography, video, video production = photographer
printer, printing, print shop, print, flyers, flyer, business cards, brochures, posters = print design
home inspector, home inspection, house inspector = home inspections
contractor, general contractor, builder, handyman, renovation, remodel = kitchen renovation, handyman services
insurance broker, insurance agent, insurance = business insurance, home insurance
copywriter, copywriting, content writer, newsletter = content writing
it support, tech support, computer help, it consultant, computer repair = it services
business coach, business coaching, coach, coaching, mentor = leadership coaching
marketing, marketer, marketing consultant, digital marketing, social media marketing, advertising = marketing strategy
seo, seo specialist, search engine optimization, search engine optimisation = search ranking
stager, home stager, home staging, staging
plumber, plumbing = drain cleaning
pet sitter, pet sitting, dog sitter, sitter, dog walker, dog walking = pet care
"""  # noqa: E501

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class SynonymRule:
    """A need naming any ``find`` phrase also looks for the other ``find`` and all ``also``."""

    find: tuple[str, ...]
    also: tuple[str, ...] = ()

    def as_line(self) -> str:
        left = ", ".join(self.find)
        return f"{left} = {', '.join(self.also)}" if self.also else left

    def phrases(self) -> tuple[str, ...]:
        return (*self.find, *(p for p in self.also if p not in self.find))


def clean_phrase(phrase: str) -> str:
    return " ".join(_WORD.findall(phrase)).casefold()


def _clean_phrases(phrases: list[str]) -> tuple[str, ...]:
    return tuple(clean_list([clean_phrase(phrase) for phrase in phrases]))


def _rule_problem(rule: SynonymRule) -> str | None:
    if not rule.find:
        return "nothing before “=” to look for"
    if rule.also:
        return None
    if len(rule.find) < 2:
        return "a rule needs two phrases: “a, b” or “a = b”"
    return None


def parse_synonym_text(text: str) -> list[SynonymRule]:
    """One rule a line (see ``DEFAULT_SYNONYM_TEXT``); blank lines and # comments skipped.

    Raises ``ValidationError`` naming each bad line.
    """
    rules = []
    problems = []
    for number, line in enumerate(text.splitlines()):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        left, equals, right = line.partition("=")
        rule = SynonymRule(_clean_phrases(left.split(",")), _clean_phrases(right.split(",")))
        message = "nothing after “=”" if equals and not rule.also else _rule_problem(rule)
        if message:
            problems.append(Problem("line", number, message))
        rules.append(rule)
    if problems:
        raise ValidationError(problems)
    return rules


def format_synonym_text(rules: list[SynonymRule]) -> str:
    return "".join(rule.as_line() + "\n" for rule in rules)


DEFAULT_SYNONYMS: tuple[SynonymRule, ...] = tuple(parse_synonym_text(DEFAULT_SYNONYM_TEXT))


def synonym_rules() -> list[SynonymRule]:
    """The table in use: the user's edits (setting ``match.synonyms``), or the built-in one."""
    stored = settings.get("match.synonyms")
    if stored is None:
        return list(DEFAULT_SYNONYMS)
    return [SynonymRule(tuple(find), tuple(also)) for find, also in stored]


def save_synonym_rules(rules: list[SynonymRule] | None) -> None:
    """Store the user's table (None: back to the built-in one): one setting, one write."""
    if rules is None:
        value = None
    else:
        problems = []
        for index, rule in enumerate(rules):
            message = _rule_problem(rule)
            if message:
                problems.append(Problem("synonyms", index, message))
        if problems:
            raise ValidationError(problems)
        value = [[list(rule.find), list(rule.also)] for rule in rules]
    settings.put("match.synonyms", value)
