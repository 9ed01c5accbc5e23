from tests.access.rows import EVERYONE, PERSONAS, Row, no_args, only

STAFF = {"admin": 200, "partner_a": 200, "partner_b": 200}
ALL_SIGNED_IN = {p: 200 for p in PERSONAS if p != "anonymous"}


def a_target(world):  # type: ignore[no-untyped-def]
    import datetime as dt

    from resilience.impact.models import Target

    target = Target.objects.create(kpi="events_held", start=dt.date(2025, 4, 1),
                                   end=dt.date(2026, 3, 31), value=85)
    return {"pk": target.pk}


def a_pack(world):  # type: ignore[no-untyped-def]
    import datetime as dt

    from resilience.impact.models import FunderPack

    pack = FunderPack.objects.create(quarter_start=dt.date(2025, 4, 1),
                                     quarter_end=dt.date(2025, 6, 30), status="done",
                                     percent=100, xlsx=b"xlsx", pdf=b"%PDF")
    return {"pk": pack.pk}


def a_pack_pdf(world):  # type: ignore[no-untyped-def]
    return {**a_pack(world), "fmt": "pdf"}


ROWS: list[Row] = [
    ("impact:public", no_args, "get", EVERYONE),
    ("impact:dashboard", no_args, "get", only(STAFF)),
    ("impact:dashboard_csv", no_args, "get", only(STAFF)),
    ("impact:edi_report", no_args, "get", only(STAFF)),
    ("impact:edi_report_csv", no_args, "get", only(STAFF)),
    ("impact:carbon", no_args, "get", only(STAFF)),
    ("impact:targets", no_args, "get", only({"admin": 200})),
    ("impact:target_edit", a_target, "get", only({"admin": 200})),
    ("impact:target_delete", a_target, "post", only({"admin": 302})),
    ("impact:packs", no_args, "get", only({"admin": 200})),
    ("impact:pack_detail", a_pack, "get", only({"admin": 200})),
    ("impact:pack_status", a_pack, "get", only({"admin": 200})),
    ("impact:pack_download", a_pack_pdf, "get", only({"admin": 200})),
    # pupil_a (year 10, England) and pupil_b (year 11, Wales) are both 13 or over.
    ("impact:my_answers", no_args, "get", only(ALL_SIGNED_IN)),
    ("impact:delete_my_answers", no_args, "post",
     only({p: 302 for p in PERSONAS if p != "anonymous"})),
]
