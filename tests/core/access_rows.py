from tests.access.rows import EVERYONE, LOGIN, PERSONAS, Row, no_args

ROWS: list[Row] = [
    ("core:landing", no_args, "get", EVERYONE),
    ("core:healthz", no_args, "get", EVERYONE),
    ("core:home", no_args, "get", {**EVERYONE, "anonymous": LOGIN}),
    ("set_language", no_args, "post", dict.fromkeys(PERSONAS, 302)),
    # The Django admin sends everyone but programme admins to sign in.
    ("admin:index", no_args, "get", {**dict.fromkeys(PERSONAS, 302), "admin": 200}),
]
