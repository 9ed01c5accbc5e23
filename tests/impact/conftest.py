"""Impact fixtures: ED&I answers with raw counts that are not multiples of 5."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from resilience.impact.models import EdiResponse

#: Raw counts chosen so that none of them is a multiple of 5.
SEED = {"white_british": 13, "asian_indian": 7, "black_african": 2, "other_arab": 1,
        "prefer_not_to_say": 3}
RAW_TOTAL = 26


@pytest.fixture
def answers(world: Any) -> None:
    n = 0
    for code, count in SEED.items():
        for _ in range(count):
            n += 1
            EdiResponse.objects.create(
                subject_key=f"{n:064x}", respondent="adult",
                partner=world.partner_org_a if n % 2 else world.partner_org_b,
                ethnicity_list="ew-2021", ethnicity=code,
                sex="female" if n % 3 else "male", gender_same="yes",
                condition="yes" if n % 4 == 0 else "no",
                condition_impact="a_lot" if n % 4 == 0 else "",
                age_band="25-34", month=timezone.localdate().replace(day=1))
