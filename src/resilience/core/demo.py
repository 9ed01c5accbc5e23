"""Demo data that makes every screen meaningful. Loading it twice changes nothing.

All organisations and people here are fictional. Towns, regions and nations are real so
that reach reports look like the real programme's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from resilience.accounts.models import (
    Enrolment,
    Membership,
    Nation,
    Organisation,
    Role,
    SchoolClass,
    User,
)

DEMO_PASSWORD = "resilience-demo-2026"  # noqa: S105 - published demo credential

HUB = ("Resilience Programme Hub", "Nottingham", "East Midlands", Nation.ENGLAND)
PARTNERS = [
    ("Trentside University (lead partner)", "Nottingham", "East Midlands", Nation.ENGLAND),
    ("Clyde Valley University", "Glasgow", "Scotland", Nation.SCOTLAND),
    ("Cardiff Bay University", "Cardiff", "Wales", Nation.WALES),
    ("Lagan University", "Belfast", "Northern Ireland", Nation.NORTHERN_IRELAND),
    ("Medicines Manufacturing Skills Alliance", "London", "London", Nation.ENGLAND),
]
# (name, kind, town, region, nation, partner index)
SCHOOLS = [
    ("Bestwood Academy", "school", "Nottingham", "East Midlands", Nation.ENGLAND, 0),
    ("Clifton Park School", "school", "Derby", "East Midlands", Nation.ENGLAND, 0),
    ("Lincoln Minster Science College", "college", "Lincoln", "East Midlands", Nation.ENGLAND, 0),
    ("Sheffield Don Valley Academy", "school", "Sheffield", "Yorkshire and The Humber", Nation.ENGLAND, 0),
    ("Hull Riverside College", "college", "Hull", "Yorkshire and The Humber", Nation.ENGLAND, 0),
    ("Tyne Bridge High School", "school", "Newcastle upon Tyne", "North East", Nation.ENGLAND, 0),
    ("Teesside Technical College", "college", "Middlesbrough", "North East", Nation.ENGLAND, 0),
    ("Macclesfield Grange School", "school", "Macclesfield", "North West", Nation.ENGLAND, 0),
    ("Speke Community Academy", "school", "Liverpool", "North West", Nation.ENGLAND, 0),
    ("Ancoats Sixth Form College", "college", "Manchester", "North West", Nation.ENGLAND, 0),
    ("Aston Brook Academy", "school", "Birmingham", "West Midlands", Nation.ENGLAND, 4),
    ("Stoke Potteries High School", "school", "Stoke-on-Trent", "West Midlands", Nation.ENGLAND, 4),
    ("Cambridge Fens Academy", "school", "Cambridge", "East of England", Nation.ENGLAND, 4),
    ("Ware Hertford Regional College", "college", "Ware", "East of England", Nation.ENGLAND, 4),
    ("Stevenage Gunnels Wood School", "school", "Stevenage", "East of England", Nation.ENGLAND, 4),
    ("Tower Hamlets Science Academy", "school", "London", "London", Nation.ENGLAND, 4),
    ("Harrow Weald College", "college", "London", "London", Nation.ENGLAND, 4),
    ("Slough Upton School", "school", "Slough", "South East", Nation.ENGLAND, 4),
    ("Sandwich Discovery Academy", "school", "Sandwich", "South East", Nation.ENGLAND, 4),
    ("Barnstaple Taw School", "school", "Barnstaple", "South West", Nation.ENGLAND, 4),
    ("Swindon Great Western College", "college", "Swindon", "South West", Nation.ENGLAND, 4),
    ("Govan Riverside High School", "school", "Glasgow", "Scotland", Nation.SCOTLAND, 1),
    ("Dundee Tay Academy", "school", "Dundee", "Scotland", Nation.SCOTLAND, 1),
    ("Irvine Bay College", "college", "Irvine", "Scotland", Nation.SCOTLAND, 1),
    ("Inverness Ness Academy", "school", "Inverness", "Scotland", Nation.SCOTLAND, 1),
    ("Ysgol Bae Caerdydd", "school", "Cardiff", "Wales", Nation.WALES, 2),
    ("Wrexham Maelor College", "college", "Wrexham", "Wales", Nation.WALES, 2),
    ("Ysgol Uwchradd Abertawe", "school", "Swansea", "Wales", Nation.WALES, 2),
    ("Craigavon Lough School", "school", "Craigavon", "Northern Ireland", Nation.NORTHERN_IRELAND, 3),
    ("Derry Foyle College", "college", "Derry", "Northern Ireland", Nation.NORTHERN_IRELAND, 3),
    ("Belfast Lagan Academy", "school", "Belfast", "Northern Ireland", Nation.NORTHERN_IRELAND, 3),
]
OTHERS = [
    ("Trent Valley NHS Foundation Trust", "nhs_trust", "Nottingham", "East Midlands", Nation.ENGLAND, 0),
    ("NHS Greater Glasgow Aseptic Services", "nhs_trust", "Glasgow", "Scotland", Nation.SCOTLAND, 1),
    ("Cwm Taf Pharmacy Production Unit", "nhs_trust", "Merthyr Tydfil", "Wales", Nation.WALES, 2),
    ("Northstar Biologics Ltd", "company", "Macclesfield", "North West", Nation.ENGLAND, 4),
    ("Barnard Tablets plc", "company", "Barnard Castle", "North East", Nation.ENGLAND, 4),
    ("Ulster Sterile Products Ltd", "company", "Craigavon", "Northern Ireland", Nation.NORTHERN_IRELAND, 3),
    ("Bioprocess Futures Network", "affiliate", "Stevenage", "East of England", Nation.ENGLAND, 4),
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: str
    org: str
    what: str


PEOPLE = [
    DemoPerson("admin@demo.resilience.test", "Priya Shah", Role.PROGRAMME_ADMIN,
               HUB[0], "programme admin: everything, plus the Django admin"),
    DemoPerson("partner@demo.resilience.test", "Gareth Owen", Role.PARTNER_STAFF,
               PARTNERS[2][0], "partner staff at Cardiff Bay University (Welsh schools)"),
    DemoPerson("partner.lead@demo.resilience.test", "Helen Marsh", Role.PARTNER_STAFF,
               PARTNERS[0][0], "partner staff at the lead university"),
    DemoPerson("teacher@demo.resilience.test", "Sam Okafor", Role.TEACHER,
               SCHOOLS[0][0], "teacher at Bestwood Academy"),
    DemoPerson("teacher2@demo.resilience.test", "Eilidh Fraser", Role.TEACHER,
               SCHOOLS[21][0], "teacher at Govan Riverside High School"),
    DemoPerson("trainer@demo.resilience.test", "Dr Ana Costa", Role.TEACHER,
               OTHERS[0][0], "trainer at an NHS aseptic unit"),
    DemoPerson("affiliate@demo.resilience.test", "Tom Reed", Role.AFFILIATE_ADMIN,
               OTHERS[6][0], "affiliate admin"),
]

# (teacher email, school, class name, year group, fixed join code, pupils)
CLASSES = [
    ("teacher@demo.resilience.test", SCHOOLS[0][0], "10 Science A", 10, "KX7M4P",
     ["Nova", "Falcon 7", "Comet", "Maple", "Otter", "Quartz", "Juniper", "Ember"]),
    ("teacher@demo.resilience.test", SCHOOLS[0][0], "12 Chemistry", 12, "HT3WQ9",
     ["Kestrel", "Lagoon", "Cedar", "Iris", "Robin", "Zephyr"]),
    ("teacher2@demo.resilience.test", SCHOOLS[21][0], "S4 Biology", 11, "PV4RN8",
     ["Glacier", "Heron", "Tulip", "Indigo", "Badger", "Willow", "Acorn"]),
]
DEMO_PUPIL_CODE = "otter-2026"


def _org(name: str, kind: str, town: str, region: str, nation: str,
         partner: Organisation | None) -> Organisation:
    org, _created = Organisation.objects.get_or_create(
        slug=slugify(name)[:80],
        defaults={"name": name, "kind": kind, "town": town, "region": region,
                  "nation": nation, "partner": partner},
    )
    return org


@transaction.atomic
def load() -> bool:
    """Load the demo data; return False if it was already there."""
    if Organisation.objects.filter(slug=slugify(HUB[0])).exists():
        return False
    hub = _org(HUB[0], "hub", HUB[1], HUB[2], HUB[3], None)
    partners = [_org(n, "partner", t, r, nat, None) for n, t, r, nat in PARTNERS]
    orgs: dict[str, Organisation] = {hub.name: hub, **{p.name: p for p in partners}}
    for name, kind, town, region, nation, p in [*SCHOOLS, *OTHERS]:
        orgs[name] = _org(name, kind, town, region, nation, partners[p])

    users: dict[str, User] = {}
    for person in PEOPLE:
        user = User.objects.filter(email__iexact=person.email).first()
        if user is None:
            first, _sp, last = person.name.rpartition(" ")
            user = User(username=person.email, email=person.email, first_name=first,
                        last_name=last, display_name=person.name)
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, organisation=orgs[person.org],
                                         role=person.role)
        users[person.email] = user

    pupil_password = User()
    pupil_password.set_password(DEMO_PUPIL_CODE)
    for teacher, school, name, year, code, pupils in CLASSES:
        school_class = SchoolClass.objects.create(
            name=name, organisation=orgs[school], teacher=users[teacher],
            year_group=year, join_code=code,
        )
        for index, pseudonym in enumerate(pupils):
            pupil = User(username=f"pupil-demo-{code.lower()}-{index}", is_pupil=True,
                         display_name=pseudonym, password=pupil_password.password)
            pupil.save()
            Membership.objects.get_or_create(user=pupil, organisation=orgs[school],
                                             role=Role.LEARNER)
            Enrolment.objects.create(school_class=school_class, pupil=pupil,
                                     pseudonym=pseudonym)
    return True


def sign_ins() -> str:
    lines = ["Demo sign-ins (password for every adult: " + DEMO_PASSWORD + "):"]
    for person in PEOPLE:
        lines.append(f"  {person.email:<36} {person.what}")
    lines.append(f"Demo pupil: Pupil sign-in with class code {CLASSES[0][4]}, name "
                 f"{CLASSES[0][5][4]}, sign-in code {DEMO_PUPIL_CODE}")
    lines.append(f"Try joining as a new pupil with class code {CLASSES[0][4]}.")
    return "\n".join(lines)
