from tests.access.rows import EVERYONE, Row, no_args

ROWS: list[Row] = [
    ("catalogue:list", no_args, "get", EVERYONE),
    ("catalogue:detail", lambda w: {"scenario_id": "grade-b-gowning"}, "get", EVERYONE),
    ("catalogue:material", lambda w: {"scenario_id": "grade-b-gowning", "slug": "worksheet"},
     "get", EVERYONE),
]
