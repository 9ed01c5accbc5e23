from tests.access.rows import EVERYONE, PERSONAS, Row, no_args, only


def class_a(world):  # type: ignore[no-untyped-def]
    return {"pk": world.class_a.pk}


ROWS: list[Row] = [
    ("accounts:sign_in", no_args, "get", EVERYONE),
    ("accounts:sign_out", no_args, "post", dict.fromkeys(PERSONAS, 302)),
    ("accounts:join", no_args, "get", EVERYONE),
    ("accounts:pupil_sign_in", no_args, "get", EVERYONE),
    # With no new code in the session the welcome page sends the pupil home.
    ("accounts:joined", no_args, "get", only({"pupil_a": 302, "pupil_b": 302})),
    ("accounts:my_work", no_args, "get", only({"pupil_a": 200, "pupil_b": 200})),
    ("accounts:class_list", no_args, "get",
     only({"admin": 200, "teacher_a": 200, "teacher_b": 200})),
    ("accounts:class_create", no_args, "get", only({"teacher_a": 200, "teacher_b": 200})),
    ("accounts:class_detail", class_a, "get",
     only({"admin": 200, "teacher_a": 200, "teacher_b": 404})),
    ("accounts:class_new_code", class_a, "post", only({"teacher_a": 302, "teacher_b": 404})),
    ("accounts:class_joining", class_a, "post", only({"teacher_a": 302, "teacher_b": 404})),
    ("accounts:pupil_reissue",
     lambda w: {"pk": w.class_a.pk, "enrolment_id": w.enrolment_a.pk}, "post",
     only({"teacher_a": 302, "teacher_b": 404})),
    ("accounts:organisation_list", no_args, "get",
     only({"admin": 200, "partner_a": 200, "partner_b": 200, "affiliate": 200})),
    ("accounts:organisation_detail", lambda w: {"pk": w.school_a.pk}, "get",
     only({"admin": 200, "partner_a": 200, "partner_b": 404, "affiliate": 404})),
    ("accounts:audit_log", no_args, "get", only({"admin": 200})),
]
