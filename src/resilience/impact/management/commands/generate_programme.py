"""`resilience generate_programme`: fill a database with a whole programme's worth of data.

For the speed benchmarks of the impact reports (bench/bench_impact.py): schools and
colleges across the four nations, pupils in classes, finished simulation runs, outreach
events with registrations and attendance, ED&I answers and xAPI statements. Refuses a
database that already holds people, so it can never be pointed at real data by mistake.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

NATIONS = [("england", ["North East", "North West", "Yorkshire and The Humber",
                        "East Midlands", "West Midlands", "East of England", "London",
                        "South East", "South West"]),
           ("scotland", ["Scotland"]), ("wales", ["Wales"]),
           ("northern_ireland", ["Northern Ireland"])]
BATCH = 5_000


class Command(BaseCommand):
    help = "Fill an empty database with a large synthetic programme (for benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--participants", type=int, default=200_000,
                            help="pupils, each with one finished simulation run")
        parser.add_argument("--events", type=int, default=5_000)
        parser.add_argument("--statements", type=int, default=2_000_000)
        parser.add_argument("--edi", type=int, default=20_000, help="ED&I answers")
        parser.add_argument("--schools", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **o: Any) -> None:
        from resilience.accounts.models import User

        if User.objects.exists():
            raise CommandError("This database already holds people; the generator only "
                               "fills an empty database.")
        rng = random.Random(o["seed"])
        started = time.perf_counter()
        orgs = self.organisations(o["schools"], rng)
        self.step("organisations", started)
        self.pupils_and_runs(o["participants"], orgs, rng)
        self.step("pupils, classes and finished runs", started)
        self.events(o["events"], orgs, rng)
        self.step("events and registrations", started)
        self.edi(o["edi"], rng)
        self.step("ED&I answers", started)
        self.statements(o["statements"], rng)
        self.step("statements", started)
        from django.db import connection

        with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give
            cursor.execute("ANALYZE")
        self.step("ANALYZE", started)

    def step(self, what: str, started: float) -> None:
        self.stdout.write(f"{time.perf_counter() - started:7.1f} s  {what}")
        self.stdout.flush()

    def organisations(self, schools: int, rng: random.Random) -> dict[str, list[Any]]:
        from resilience.accounts.models import Organisation

        hub = Organisation.objects.create(name="Hub", slug="gen-hub", kind="hub")
        partners = Organisation.objects.bulk_create(
            [Organisation(name=f"Partner {i}", slug=f"gen-partner-{i}", kind="partner")
             for i in range(5)])
        made = []
        for i in range(schools):
            nation, regions = NATIONS[0] if i % 10 < 7 else NATIONS[1 + i % 3]
            made.append(Organisation(
                name=f"School {i}", slug=f"gen-school-{i}",
                kind="college" if i % 9 == 0 else "school", nation=nation,
                region=rng.choice(regions), partner=partners[i % len(partners)]))
        schools_made = Organisation.objects.bulk_create(made, batch_size=BATCH)
        return {"hub": [hub], "partners": partners, "schools": schools_made}

    def pupils_and_runs(self, n: int, orgs: dict[str, list[Any]], rng: random.Random) -> None:
        from django.contrib.auth.hashers import make_password

        from resilience.accounts.models import Enrolment, Membership, SchoolClass, User
        from resilience.live.models import LiveSession, Participant

        teacher = User.objects.create(username="gen-teacher", email="teacher@gen.invalid")
        unusable = make_password(None)
        schools = orgs["schools"]
        classes = SchoolClass.objects.bulk_create(
            [SchoolClass(name=f"Class {i}", organisation=schools[i % len(schools)],
                         teacher=teacher, year_group=7 + i % 7, join_code=f"G{i:05d}")
             for i in range(max(1, n // 25))], batch_size=BATCH)
        sessions = LiveSession.objects.bulk_create(
            [LiveSession(scenario_id=("grade-b-gowning", "tablet-line",
                                      "fed-batch-bioreactor")[i % 3],
                         mode="class", code=f"S{i:05d}", seed=i + 1, status="ended",
                         school_class=c, organisation=c.organisation, host=teacher)
             for i, c in enumerate(classes)], batch_size=BATCH)
        now = timezone.now()
        for start in range(0, n, BATCH):
            chunk = range(start, min(n, start + BATCH))
            with transaction.atomic():
                pupils = User.objects.bulk_create(
                    [User(username=f"gen-pupil-{i}", is_pupil=True, display_name=f"P{i}",
                          password=unusable) for i in chunk])
                Enrolment.objects.bulk_create(
                    [Enrolment(school_class=classes[i % len(classes)], pupil=p,
                               pseudonym=f"P{i}") for i, p in zip(chunk, pupils, strict=True)])
                Membership.objects.bulk_create(
                    [Membership(user=p, organisation_id=classes[i % len(classes)]
                                .organisation_id, role="learner")
                     for i, p in zip(chunk, pupils, strict=True)])
                Participant.objects.bulk_create(
                    [Participant(session=sessions[i % len(sessions)], user=p,
                                 name=f"P{i}", seed=i + 1,
                                 finished=now - dt.timedelta(minutes=rng.randint(0, 700_000)),
                                 score=rng.randint(20, 100), passed=rng.random() < 0.7)
                     for i, p in zip(chunk, pupils, strict=True)])

    def events(self, n: int, orgs: dict[str, list[Any]], rng: random.Random) -> None:
        from resilience.outreach.models import Event, Registration

        kinds = [k for k, _label in Event.Kind.choices]
        now = timezone.now()
        for start in range(0, n, 1_000):
            with transaction.atomic():
                events = []
                for i in range(start, min(n, start + 1_000)):
                    begins = now - dt.timedelta(days=rng.randint(0, 700))
                    events.append(Event(
                        title=f"Event {i}", kind=kinds[i % len(kinds)],
                        partner=orgs["partners"][i % 5], starts=begins,
                        ends=begins + dt.timedelta(hours=3), capacity=120,
                        venue="Partner campus",
                        gatsby=[5, 7] if i % 2 else [4], scenario_ids=["tablet-line"]))
                events = Event.objects.bulk_create(events)
                registrations = []
                for event in events:
                    for _k in range(rng.randint(2, 6)):
                        places = rng.randint(5, 30)
                        attended = rng.random() < 0.85
                        registrations.append(Registration(
                            event=event, party=True,
                            institution=rng.choice(orgs["schools"]),
                            contact_name="Party leader", places=places,
                            year_counts={"10": places},
                            status="attended" if attended else "no_show",
                            attended_count=places - rng.randint(0, 3) if attended else None))
                Registration.objects.bulk_create(registrations)

    def edi(self, n: int, rng: random.Random) -> None:
        from resilience.impact import edi
        from resilience.impact.models import EdiResponse

        codes = [c.code for c in edi.ENGLAND_WALES.categories]
        month = timezone.localdate().replace(day=1)
        EdiResponse.objects.bulk_create(
            [EdiResponse(subject_key=uuid.UUID(int=rng.getrandbits(128)).hex * 2,
                         respondent="adult" if i % 3 else "pupil",
                         ethnicity_list="ew-2021", ethnicity=rng.choice(codes),
                         sex=rng.choice(["female", "male", "prefer_not"]), gender_same="yes",
                         condition=rng.choice(["no", "yes", "prefer_not"]),
                         age_band="16-24", month=month) for i in range(n)],
            batch_size=BATCH)

    def statements(self, n: int, rng: random.Random) -> None:
        from resilience.records.models import Statement

        verbs = ["http://adlnet.gov/expapi/verbs/attempted",
                 "http://adlnet.gov/expapi/verbs/completed",
                 "http://adlnet.gov/expapi/verbs/passed", "http://adlnet.gov/expapi/verbs/failed"]
        activities = [f"https://resilience.example/xapi/activities/simulation/{s}" for s in
                      ("grade-b-gowning", "tablet-line", "fed-batch-bioreactor")]
        now = timezone.now()
        for start in range(0, n, BATCH):
            rows = []
            for i in range(start, min(n, start + BATCH)):
                sid = uuid.UUID(int=rng.getrandbits(128), version=4)
                verb = verbs[i % 4]
                actor = f"account::https://resilience.example|gen-pupil-{i % 200_000}"
                activity = activities[i % 3]
                stored = now - dt.timedelta(seconds=rng.randint(0, 60_000_000))
                data = json.dumps({
                    "id": str(sid), "version": "1.0.3",
                    "actor": {"objectType": "Agent", "account": {
                        "homePage": "https://resilience.example", "name": f"gen-pupil-{i}"}},
                    "verb": {"id": verb}, "object": {"objectType": "Activity", "id": activity},
                    "result": {"score": {"scaled": round(rng.random(), 2)},
                               "success": i % 4 != 3},
                    "stored": stored.isoformat(), "timestamp": stored.isoformat(),
                }, separators=(",", ":"))
                rows.append(Statement(statement_id=sid, data=data, stored=stored, verb_id=verb,
                                      actor_key=actor, object_activity=activity,
                                      success=i % 4 != 3))
            with transaction.atomic():
                Statement.objects.bulk_create(rows)
