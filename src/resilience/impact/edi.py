"""Equality, diversity and inclusion monitoring: the questions, who is asked, and the key.

Standards (``/shared/reference/programme.md``):

- **Ethnicity**: the GSS harmonised standard for England and Wales (Census 2021: 19
  categories in 5 groups); Scotland's Census 2022 list (as used by the Scottish Surveys
  Core Questions); NISRA's Northern Ireland Census 2021 classification (13 categories).
  We store the list id and the category code, never free text. For UK-wide reports every
  list's categories map to the five harmonised groups (:data:`HARMONISED_GROUPS`). We never
  report "BAME".
- **Sex** and **gender identity** are separate optional questions. The gender identity
  question follows the Census 2021 wording and, like it, is asked only of people aged 16
  or over; there is no write-in box (data minimisation).
- **Disability**: the GSS two-step question, asked only of people aged 16 or over.
- "Prefer not to say" is an answer to every question.

Who is offered the form (UK GDPR Art. 9, DPA 2018 s.9 and the ICO Age Appropriate
Design Code): adults, and pupils we *know* are 13 or over from their class's year group
(:func:`pupil_age_floor`). Pupils whose age we cannot tell are never offered it.

Answers are stored with no link to the person except :func:`subject_key`, an HMAC of the
user id under a key derived from the server secret, so a person can see and delete their
own answers and nobody can get from a stored answer back to a person without the secret.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

PREFER_NOT = "prefer_not_to_say"
PREFER_NOT_LABEL = _("Prefer not to say")


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    group: str  # the list's own group code
    harmonised: str  # one of HARMONISED_GROUPS


@dataclass(frozen=True)
class EthnicityList:
    id: str
    name: str
    source: str
    groups: dict[str, str]  # group code → label, in order
    categories: tuple[Category, ...]

    def codes(self) -> set[str]:
        return {c.code for c in self.categories} | {PREFER_NOT}

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def choices(self) -> list[tuple[str, str]]:
        """Choices for a form, in group order, with "prefer not to say" last."""
        ordered = [(c.code, c.label) for g in self.groups for c in self.categories
                   if c.group == g]
        return [*ordered, (PREFER_NOT, str(PREFER_NOT_LABEL))]

    def group_starts(self) -> dict[str, str]:
        """The first category code of each group → the group's label (for headings)."""
        starts: dict[str, str] = {}
        for g, label in self.groups.items():
            first = next(c for c in self.categories if c.group == g)
            starts[first.code] = label
        return starts


#: The five harmonised groups (GSS England and Wales) used to combine the nations' lists.
HARMONISED_GROUPS: dict[str, str] = {
    "white": "White",
    "mixed": "Mixed or Multiple ethnic groups",
    "asian": "Asian or Asian British",
    "black": "Black, Black British, Caribbean or African",
    "other": "Other ethnic group",
}


def _list(list_id: str, name: str, source: str, groups: dict[str, tuple[str, str]],
          rows: Iterable[tuple[str, str, str]]) -> EthnicityList:
    """``groups``: code → (label, harmonised group); ``rows``: (code, label, group)."""
    cats = tuple(Category(code, label, group, groups[group][1]) for code, label, group in rows)
    return EthnicityList(list_id, name, source, {k: v[0] for k, v in groups.items()}, cats)


ENGLAND_WALES = _list(
    "ew-2021", "England and Wales (GSS harmonised standard, Census 2021)",
    "https://analysisfunction.civilservice.gov.uk/policy-store/ethnicity-harmonised-standard/",
    {
        "white": ("White", "white"),
        "mixed": ("Mixed or Multiple ethnic groups", "mixed"),
        "asian": ("Asian or Asian British", "asian"),
        "black": ("Black, Black British, Caribbean or African", "black"),
        "other": ("Other ethnic group", "other"),
    },
    [
        ("white_british", "English, Welsh, Scottish, Northern Irish or British", "white"),
        ("white_irish", "Irish", "white"),
        ("white_gypsy_traveller", "Gypsy or Irish Traveller", "white"),
        ("white_roma", "Roma", "white"),
        ("white_other", "Any other White background", "white"),
        ("mixed_white_black_caribbean", "White and Black Caribbean", "mixed"),
        ("mixed_white_black_african", "White and Black African", "mixed"),
        ("mixed_white_asian", "White and Asian", "mixed"),
        ("mixed_other", "Any other Mixed or Multiple ethnic background", "mixed"),
        ("asian_indian", "Indian", "asian"),
        ("asian_pakistani", "Pakistani", "asian"),
        ("asian_bangladeshi", "Bangladeshi", "asian"),
        ("asian_chinese", "Chinese", "asian"),
        ("asian_other", "Any other Asian background", "asian"),
        ("black_caribbean", "Caribbean", "black"),
        ("black_african", "African", "black"),
        ("black_other", "Any other Black, Black British or Caribbean background", "black"),
        ("other_arab", "Arab", "other"),
        ("other_any", "Any other ethnic group", "other"),
    ],
)

SCOTLAND = _list(
    "sc-2022", "Scotland (Scotland's Census 2022)",
    "https://www.gov.scot/publications/scottish-surveys-core-questions-2022/",
    {
        "a": ("White", "white"),
        "b": ("Mixed or multiple ethnic groups", "mixed"),
        "c": ("Asian, Scottish Asian or British Asian", "asian"),
        "d": ("African, Scottish African or British African", "black"),
        "e": ("Caribbean or Black", "black"),
        "f": ("Other ethnic group", "other"),
    },
    [
        ("a_scottish", "Scottish", "a"),
        ("a_other_british", "Other British", "a"),
        ("a_irish", "Irish", "a"),
        ("a_polish", "Polish", "a"),
        ("a_gypsy_traveller", "Gypsy/Traveller", "a"),
        ("a_roma", "Roma", "a"),
        ("a_showperson", "Showman/Showwoman", "a"),
        ("a_other", "Other white ethnic group", "a"),
        ("b_mixed", "Any mixed or multiple ethnic groups", "b"),
        ("c_pakistani", "Pakistani, Scottish Pakistani or British Pakistani", "c"),
        ("c_indian", "Indian, Scottish Indian or British Indian", "c"),
        ("c_bangladeshi", "Bangladeshi, Scottish Bangladeshi or British Bangladeshi", "c"),
        ("c_chinese", "Chinese, Scottish Chinese or British Chinese", "c"),
        ("c_other", "Other Asian, Scottish Asian or British Asian", "c"),
        ("d_african", "African, Scottish African or British African", "d"),
        ("d_other", "Other African", "d"),
        ("e_caribbean", "Caribbean, Caribbean Scottish or Caribbean British", "e"),
        ("e_black", "Black, Black Scottish or Black British", "e"),
        ("e_other", "Other Caribbean or Black", "e"),
        ("f_arab", "Arab, Scottish Arab or British Arab", "f"),
        ("f_other", "Other ethnic group", "f"),
    ],
)

NORTHERN_IRELAND = _list(
    "ni-2021", "Northern Ireland (NISRA Census 2021)",
    "https://build.nisra.gov.uk/en/metadata/variable?d=PEOPLE&v=ETHNIC_GROUP_INTERMEDIATE",
    {
        "white": ("White", "white"),
        "asian": ("Asian", "asian"),
        "black": ("Black", "black"),
        "mixed": ("Mixed", "mixed"),
        "other": ("Other", "other"),
    },
    [
        ("1_white", "White", "white"),
        ("2_irish_traveller", "Irish Traveller", "white"),
        ("3_roma", "Roma", "white"),
        ("4_indian", "Indian", "asian"),
        ("5_chinese", "Chinese", "asian"),
        ("6_filipino", "Filipino", "asian"),
        ("7_pakistani", "Pakistani", "asian"),
        ("9_other_asian", "Other Asian", "asian"),
        ("10_black_african", "Black African", "black"),
        ("11_black_other", "Black Other", "black"),
        ("12_mixed", "Mixed", "mixed"),
        ("8_arab", "Arab", "other"),
        ("13_other", "Other ethnicities", "other"),
    ],
)

LISTS: dict[str, EthnicityList] = {lst.id: lst for lst in (ENGLAND_WALES, SCOTLAND,
                                                           NORTHERN_IRELAND)}
LIST_FOR_NATION = {"england": ENGLAND_WALES.id, "wales": ENGLAND_WALES.id,
                   "scotland": SCOTLAND.id, "northern_ireland": NORTHERN_IRELAND.id}


def harmonised_group(list_id: str, code: str) -> str | None:
    """The harmonised group of a stored answer; ``None`` for "prefer not to say"."""
    category = LISTS[list_id].category(code)
    return category.harmonised if category else None


SEX_CHOICES = [("female", _("Female")), ("male", _("Male")), (PREFER_NOT, PREFER_NOT_LABEL)]
GENDER_SAME_CHOICES = [("yes", _("Yes")), ("no", _("No")), (PREFER_NOT, PREFER_NOT_LABEL)]
CONDITION_CHOICES = [("yes", _("Yes")), ("no", _("No")), (PREFER_NOT, PREFER_NOT_LABEL)]
IMPACT_CHOICES = [("a_lot", _("Yes, a lot")), ("a_little", _("Yes, a little")),
                  ("not_at_all", _("Not at all")), (PREFER_NOT, PREFER_NOT_LABEL)]
AGE_BANDS = [("13-15", _("13 to 15")), ("16-17", _("16 to 17")), ("18-24", _("18 to 24")),
             ("25-34", _("25 to 34")), ("35-44", _("35 to 44")), ("45-54", _("45 to 54")),
             ("55-64", _("55 to 64")), ("65+", _("65 or over")), (PREFER_NOT, PREFER_NOT_LABEL)]


# --- Who is asked -------------------------------------------------------------------------

#: The lowest school year (as stored on ``SchoolClass.year_group``) in which *every* pupil
#: is already 13, and 16, from the first day of the school year, by nation.
#:
#: - England and Wales (cut-off 1 September): Year 9 pupils are 13 on 1 September and turn
#:   14 during the year; Year 12 pupils are 16 and turn 17. Year 8 pupils turn 13 during
#:   the year, so some are 12: not offered.
#: - Scotland (S1–S6 stored as 8–13; entry age 11½–12½ with the March cut-off): S3 (10) is
#:   the first year in which everyone is 13; S6 (13) the first in which everyone is 16.
#: - Northern Ireland (cut-off 1 July; its Year 8 is the first year of secondary): Year 10
#:   and Year 13. Using these also for a class entered with England's numbering is safe:
#:   it only waits a year longer than needed.
#: - Nation unknown: the most cautious of the above.
AGE_FLOOR_YEARS: dict[str, dict[int, int]] = {
    "england": {13: 9, 16: 12},
    "wales": {13: 9, 16: 12},
    "scotland": {13: 10, 16: 13},
    "northern_ireland": {13: 10, 16: 13},
    "": {13: 10, 16: 13},
}


def age_floor_for_year(nation: str, year_group: int | None) -> int | None:
    """The age every pupil in this year has reached (13 or 16), or ``None`` if younger or
    unknown."""
    if year_group is None:
        return None
    table = AGE_FLOOR_YEARS.get(nation or "", AGE_FLOOR_YEARS[""])
    if year_group >= table[16]:
        return 16
    if year_group >= table[13]:
        return 13
    return None


def pupil_age_floor(user: object) -> int | None:
    """What we can be sure a pupil's age is at least (13 or 16), from their classes.

    With several classes we take the *lowest* floor (the most cautious), and a class with
    no year group makes the answer unknown.
    """
    from resilience.accounts.models import Enrolment

    floors = []
    for year, nation in Enrolment.objects.filter(pupil=user).values_list(
            "school_class__year_group", "school_class__organisation__nation"):
        floor = age_floor_for_year(nation, year)
        if floor is None:
            return None
        floors.append(floor)
    return min(floors) if floors else None


@dataclass(frozen=True)
class Eligibility:
    offered: bool
    is_pupil: bool
    sixteen_plus: bool
    list_id: str
    reason: str = ""


def eligibility(user: object) -> Eligibility:
    """Whether ``user`` may be offered the form, which questions and which ethnicity list."""
    is_pupil = bool(getattr(user, "is_pupil", False))
    list_id = ethnicity_list_for(user)
    if not is_pupil:
        return Eligibility(True, False, True, list_id)
    floor = pupil_age_floor(user)
    if floor is None:
        return Eligibility(False, True, False, list_id, reason=str(_(
            "This optional form is only for people aged 13 or over, and we cannot tell "
            "that from your class. Nothing is asked.")))
    return Eligibility(True, True, floor >= 16, list_id)


def ethnicity_list_for(user: object) -> str:
    """The ethnicity list of the nation of the person's school or organisation."""
    from resilience.accounts.models import Enrolment, Membership

    nations = list(Enrolment.objects.filter(pupil=user).values_list(
        "school_class__organisation__nation", flat=True))
    nations += list(Membership.objects.filter(user=user).values_list(
        "organisation__nation", flat=True))
    for nation in nations:
        if nation in LIST_FOR_NATION:
            return LIST_FOR_NATION[nation]
    return ENGLAND_WALES.id


# --- The key that links answers to a person ------------------------------------------------


def _key(secret: str) -> bytes:
    return hashlib.sha256(b"resilience.impact.edi-subject-key:" + secret.encode()).digest()


def subject_key(user_id: int, secret: str | None = None) -> str:
    """HMAC-SHA256 of the user id under a key derived from ``SECRET_KEY``."""
    key = _key(secret if secret is not None else settings.SECRET_KEY)
    return hmac.new(key, f"user:{user_id}".encode(), hashlib.sha256).hexdigest()


def subject_keys(user_id: int) -> list[str]:
    """The key under the current secret first, then under each ``SECRET_KEY_FALLBACKS``,
    so answers can still be found (and re-keyed) after the secret is rotated."""
    secrets_ = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [subject_key(user_id, s) for s in secrets_]
