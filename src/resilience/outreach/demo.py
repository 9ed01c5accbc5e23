"""Outreach demo data on top of :mod:`resilience.core.demo`: register profiles, kits and
loans, events with school parties, placements, a leadership cohort, partner schools and an
affiliate. Loading it twice changes nothing. Every school and reference is fictional
(references are outside the real URN and SeedCode ranges).

Call after ``resilience.core.demo.load()``; dates are relative to today so the overdue
loan, the upcoming events and this year's partner schools always look current.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from resilience.accounts.models import Organisation, User
from resilience.outreach import actions
from resilience.outreach import models as m

MARKER_KIT = "RES-KIT-01"

# name: (scheme, reference, LA, phase, ages, pupils, FSM %, urban/rural, area, decile)
PROFILES = {
    "Bestwood Academy": ("urn", "990001", "Nottingham", "Secondary", (11, 18), 1180, "31.4",
                         "urban", "E01033400", 1),
    "Clifton Park School": ("urn", "990002", "Derby", "Secondary", (11, 16), 940, "24.0",
                            "urban", "E01013500", 3),
    "Lincoln Minster Science College": ("urn", "990003", "Lincolnshire", "16 plus", (16, 19),
                                        1500, "12.5", "urban", "E01026000", 6),
    "Sheffield Don Valley Academy": ("urn", "990004", "Sheffield", "Secondary", (11, 18), 1320,
                                     "38.2", "urban", "E01007900", 1),
    "Tyne Bridge High School": ("urn", "990006", "Newcastle upon Tyne", "Secondary", (11, 18),
                                1050, "33.0", "urban", "E01008400", 2),
    "Speke Community Academy": ("urn", "990009", "Liverpool", "Secondary", (11, 16), 870,
                                "45.1", "urban", "E01006500", 1),
    "Aston Brook Academy": ("urn", "990011", "Birmingham", "Secondary", (11, 18), 1400,
                            "41.7", "urban", "E01009100", 1),
    "Barnstaple Taw School": ("urn", "990020", "Devon", "Secondary", (11, 16), 760, "19.3",
                              "rural", "E01020100", 5),
    "Govan Riverside High School": ("seed", "9990011", "Glasgow City", "Secondary", (11, 18),
                                    950, "28.5", "urban", "S01010206", 1),
    "Inverness Ness Academy": ("seed", "9990014", "Highland", "Secondary", (11, 18), 880,
                               "11.0", "rural", "S01010900", 7),
    "Ysgol Bae Caerdydd": ("wales", "9996801", "Cardiff", "Secondary", (11, 19), 1100, "22.0",
                           "urban", "W01001800", 1),
    "Wrexham Maelor College": ("wales", "9996802", "Wrexham", "16 plus", (16, 19), 2100,
                               "15.0", "urban", "W01000400", 4),
    "Belfast Lagan Academy": ("ni", "9995201", "Belfast", "Post-primary", (11, 18), 980, "35.0",
                              "urban", "95AA01S1", 2),
}
INDEX = {"urn": "iod", "seed": "simd", "wales": "wimd", "ni": "nimdm"}

# (code, name, partner name, headset serial prefix)
KITS = [
    ("RES-KIT-01", "Quest 3 class kit 1", "Trentside University (lead partner)"),
    ("RES-KIT-02", "Quest 3 class kit 2", "Trentside University (lead partner)"),
    ("RES-KIT-03", "Quest 3 class kit 3", "Trentside University (lead partner)"),
    ("RES-KIT-04", "Quest 3 class kit 4", "Medicines Manufacturing Skills Alliance"),
    ("RES-KIT-05", "Quest 3 class kit 5", "Cardiff Bay University"),
    ("RES-KIT-06", "Quest 3 class kit 6", "Clyde Valley University"),
]


def _org(name: str) -> Organisation:
    return Organisation.objects.get(slug=slugify(name)[:80])


@transaction.atomic
def load() -> bool:
    """Load the outreach demo data; return False if it was already there (or the core demo
    data is missing)."""
    if m.Kit.objects.filter(code=MARKER_KIT).exists():
        return False
    if not Organisation.objects.filter(slug=slugify("Bestwood Academy")).exists():
        return False
    today = timezone.localdate()
    now = timezone.now()

    for name, (scheme, ref, la, phase, ages, pupils, fsm, setting, area, decile) in \
            PROFILES.items():
        org = _org(name)
        m.DeprivationArea.objects.get_or_create(
            index=INDEX[scheme], area_code=area,
            defaults={"decile": decile, "edition": "demo", "area_name": f"{la} (demo)"})
        m.InstitutionProfile.objects.get_or_create(organisation=org, defaults={
            "reference_scheme": scheme, "reference": ref, "la_name": la, "phase": phase,
            "age_low": ages[0], "age_high": ages[1], "pupils": pupils,
            "fsm_percent": Decimal(fsm), "urban_rural": setting, "area_code": area,
            "deprivation_index": INDEX[scheme], "deprivation_decile": decile,
            "type_name": "Academy" if scheme == "urn" else "Local authority school"})

    kits = {}
    for index, (code, name, partner) in enumerate(KITS, start=1):
        kit = m.Kit.objects.create(code=code, name=name, partner=_org(partner),
                                   home_location="Outreach store",
                                   next_audit_due=today + dt.timedelta(days=10 * index))
        for kind, prefix in [("headset", "2G0Y"), ("controller_left", "CL"),
                             ("controller_right", "CR"), ("charger", "CH"), ("case", "CS")]:
            m.KitComponent.objects.create(kit=kit, kind=kind, serial=f"{prefix}-DEMO-{index:03}",
                                          model="Meta Quest 3")
        m.DeviceStatus.objects.create(
            serial=f"2G0Y-DEMO-{index:03}", source="csv", model="Meta Quest 3",
            component=kit.components.get(kind="headset"), battery_percent=60 + 5 * index,
            firmware="v72.0", last_sync=now - dt.timedelta(hours=index * 7), kiosk_mode=True,
            offline_mode=True)
        kits[code] = kit
    helen = User.objects.filter(email="partner.lead@demo.resilience.test").first()

    def lend(code: str, school: str, start: dt.date, end: dt.date, contact: str,
             status: str) -> m.Reservation:
        res = actions.book(helen, kits[code], _org(school), start=start, end=end,
                           location="Science block", contact_name=contact,
                           contact_email=f"{slugify(contact)}@school.demo.resilience.test")
        if status in ("out", "returned"):
            actions.check_out(helen, res, accepted_by=contact, charged=True,
                              content_installed=True, kiosk_mode=True)
            handed_over = timezone.make_aware(dt.datetime.combine(start, dt.time(9, 0)))
            m.Reservation.objects.filter(pk=res.pk).update(checked_out_at=handed_over,
                                                           accepted_at=handed_over)
        if status == "returned":
            actions.check_in(helen, res, condition="good", cleaned=True, wiped=True)
            m.Reservation.objects.filter(pk=res.pk).update(returned_at=timezone.make_aware(
                dt.datetime.combine(end, dt.time(15, 0))))
        return res

    lend("RES-KIT-01", "Bestwood Academy", today - dt.timedelta(days=6),
         today + dt.timedelta(days=22), "Sam Okafor", "out")
    lend("RES-KIT-02", "Sheffield Don Valley Academy", today - dt.timedelta(days=40),
         today - dt.timedelta(days=3), "Ms Rachel Hirst", "out")  # overdue
    lend("RES-KIT-03", "Clifton Park School", today - dt.timedelta(days=90),
         today - dt.timedelta(days=62), "Mr Dev Patel", "returned")
    lend("RES-KIT-03", "Tyne Bridge High School", today + dt.timedelta(days=7),
         today + dt.timedelta(days=34), "Mrs Joanne Bell", "booked")
    lend("RES-KIT-01", "Speke Community Academy", today + dt.timedelta(days=30),
         today + dt.timedelta(days=58), "Mr Chris Doyle", "booked")
    m.KitAudit.objects.create(kit=kits["RES-KIT-03"], date=today - dt.timedelta(days=60),
                              by=helen, all_present=True, findings="One face cover replaced.",
                              next_audit=today + dt.timedelta(days=30))

    lead = _org("Trentside University (lead partner)")
    cardiff = _org("Cardiff Bay University")
    events = [
        ("Cleanroom careers day", "careers", lead, 5, "Trentside University, Medicines "
         "Building", 120, [2, 5, 7], ["gowning-grade-b"]),
        ("Nottingham STEM festival", "festival", lead, 12, "Nottingham Council House", 400,
         [4, 5], ["gowning-grade-b", "tablet-dissolution"]),
        ("Aseptic technique workshop", "workshop", lead, -14, "Bestwood Academy", 30,
         [4], ["aseptic-transfer"]),
        ("Teacher CPD: VR in the science lab", "cpd", lead, 20, "", 40, [], []),
        ("Diwrnod gyrfaoedd / Careers day Cardiff", "careers", cardiff, 9,
         "Cardiff Bay University", 80, [5, 7], ["gowning-grade-b"]),
    ]
    made = {}
    for title, kind, partner, days, venue, capacity, gatsby, scenarios in events:
        starts = (now + dt.timedelta(days=days)).replace(hour=9, minute=30, second=0,
                                                         microsecond=0)
        made[title] = m.Event.objects.create(
            title=title, kind=kind, partner=partner, starts=starts,
            ends=starts + dt.timedelta(hours=5), venue=venue, online=not venue,
            online_url="" if venue else "https://meet.example.org/resilience-cpd",
            capacity=capacity, gatsby=gatsby, scenario_ids=scenarios,
            public_registration=kind in ("cpd", "training", "festival"),
            description="Demo event.")
    careers = made["Cleanroom careers day"]
    actions.register(helen, careers, contact_name="Sam Okafor", institution=_org(
        "Bestwood Academy"), year_counts={"10": 24, "12": 6})
    actions.register(helen, careers, contact_name="Mrs Joanne Bell", institution=_org(
        "Tyne Bridge High School"), year_counts={"9": 30})
    workshop = made["Aseptic technique workshop"]
    party = actions.register(helen, workshop, contact_name="Sam Okafor",
                             institution=_org("Bestwood Academy"), year_counts={"11": 28})
    actions.set_attendance(helen, party, "attended", 27)
    for stage, interest, confidence, awareness in [("pre", 2, 2, 1), ("pre", 3, 3, 2),
                                                   ("post", 4, 4, 4), ("post", 4, 3, 5)]:
        m.SurveyResponse.objects.create(event=workshop, stage=stage, interest=interest,
                                        confidence=confidence, awareness=awareness)
    actions.register(None, made["Diwrnod gyrfaoedd / Careers day Cardiff"],
                     contact_name="Rhys Evans", institution=_org("Ysgol Bae Caerdydd"),
                     year_counts={"10": 22})

    year = m.academic_year(today)
    for school, partner, agreement in [
            ("Bestwood Academy", lead, "signed"), ("Sheffield Don Valley Academy", lead,
                                                   "signed"),
            ("Clifton Park School", lead, "sent"), ("Tyne Bridge High School", lead, "signed"),
            ("Ysgol Bae Caerdydd", cardiff, "signed")]:
        m.Partnership.objects.create(
            institution=_org(school), partner=partner, academic_year=year,
            contact_name="Head of science", agreement=agreement,
            agreement_signed_on=today - dt.timedelta(days=30) if agreement == "signed" else None,
            received="Headset kit loan; careers day places; teacher CPD")
    m.Engagement.objects.create(institution=_org("Barnstaple Taw School"),
                                partner=_org("Medicines Manufacturing Skills Alliance"),
                                kind="visit", date=today - dt.timedelta(days=12),
                                note="Introductory visit with the head of science")

    m.Placement.objects.create(
        partner=lead, host=_org("Trent Valley NHS Foundation Trust"),
        institution=_org("Bestwood Academy"), student="A.K. (Year 12)", under_18=True,
        starts=today + dt.timedelta(days=40), ends=today + dt.timedelta(days=44),
        supervisor_name="Dr Ana Costa", host_checks_done=True,
        host_checks_on=today - dt.timedelta(days=5), parental_consent=True,
        parental_consent_on=today - dt.timedelta(days=2), status="confirmed")
    m.Placement.objects.create(
        partner=_org("Medicines Manufacturing Skills Alliance"),
        host=_org("Northstar Biologics Ltd"), institution=_org("Ancoats Sixth Form College"),
        student="J.M.", under_18=False, starts=today - dt.timedelta(days=60),
        ends=today - dt.timedelta(days=56), supervisor_name="Priya Nair",
        host_checks_done=True, status="completed",
        outcome="Applied for the ST1406 science manufacturing technician apprenticeship.")

    cohort = m.Cohort.objects.create(name="Leadership accelerator, cohort 3", partner=lead,
                                     starts=today - dt.timedelta(days=45),
                                     ends=today + dt.timedelta(days=120))
    members = []
    for name, org, coach, progress in [
            ("Fatima Rahman", "Northstar Biologics Ltd", "Dr Helen Marsh", "on_track"),
            ("Owen Price", "Cwm Taf Pharmacy Production Unit", "Dr Helen Marsh", "behind"),
            ("Grace Liu", "Barnard Tablets plc", "Prof. Ian Ward", "on_track"),
            ("Callum Reid", "NHS Greater Glasgow Aseptic Services", "Prof. Ian Ward",
             "completed")]:
        members.append(m.CohortMember.objects.create(
            cohort=cohort, name=name, organisation=_org(org), coach=coach, progress=progress,
            job_title="Production team leader"))
    for offset, title in [(-40, "Leading change on the shop floor"),
                          (-12, "Data-driven quality decisions"), (16, "Net zero operations")]:
        session = m.CohortSession.objects.create(cohort=cohort, title=title,
                                                 date=today + dt.timedelta(days=offset))
        if offset < 0:
            session.attendees.set(members[:3] if offset == -12 else members)

    affiliate = _org("Bioprocess Futures Network")
    membership = m.AffiliateMembership.objects.create(
        organisation=affiliate, partner=_org("Medicines Manufacturing Skills Alliance"),
        tier="member", starts=today - dt.timedelta(days=200),
        renews=today + dt.timedelta(days=165))
    tom = User.objects.filter(email="affiliate@demo.resilience.test").first()
    if tom is not None:
        membership.admins.add(tom)
    return True
