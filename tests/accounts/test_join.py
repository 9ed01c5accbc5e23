from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from resilience.accounts.models import Enrolment, User
from tests.conftest import PUPIL_CODE

JOIN = "/join/"
PUPIL_SIGN_IN = "/pupil-sign-in/"


def test_a_pupil_joins_with_the_code_and_a_made_up_name(client: Any, world: Any) -> None:
    response = client.post(JOIN, {"class_code": "kx7-m4p", "pseudonym": "Blue Fox"},
                           follow=True)
    text = response.content.decode()
    assert "You have joined 10A" in text
    code = re.search(r'id="sign-in-code">([a-z]+-\d{4})<', text).group(1)
    enrolment = Enrolment.objects.get(pseudonym="Blue Fox")
    pupil = enrolment.pupil
    assert pupil.is_pupil and pupil.email == "" and pupil.first_name == ""
    assert enrolment.school_class == world.class_a
    assert pupil.check_password(code)
    # The code is shown once only.
    assert client.get(reverse("accounts:joined")).status_code == 302


def test_a_wrong_code_does_not_reveal_whether_a_class_exists(client: Any, world: Any) -> None:
    before = User.objects.count()
    missing = client.post(JOIN, {"class_code": "QQQQQQ", "pseudonym": "Blue Fox"})
    world.class_b.joining_open = False
    world.class_b.save()
    closed = client.post(JOIN, {"class_code": "HT3WQ9", "pseudonym": "Blue Fox"})
    assert missing.status_code == closed.status_code == 400
    message = "That code does not match a class that is open for joining"
    assert message in missing.content.decode() and message in closed.content.decode()
    assert User.objects.count() == before


def test_repeated_wrong_codes_are_rate_limited(client: Any, world: Any, settings: Any) -> None:
    for _ in range(settings.JOIN_CODE_ATTEMPTS_PER_HOUR):
        client.post(JOIN, {"class_code": "QQQQQQ", "pseudonym": "Blue Fox"})
    blocked = client.post(JOIN, {"class_code": "KX7M4P", "pseudonym": "Blue Fox"})
    assert blocked.status_code == 429
    assert "Too many wrong class codes" in blocked.content.decode()
    assert not Enrolment.objects.filter(pseudonym="Blue Fox").exists()


def test_a_taken_name_is_refused_and_nothing_is_created(client: Any, world: Any) -> None:
    before = User.objects.count()
    response = client.post(JOIN, {"class_code": "KX7M4P", "pseudonym": "nova"})
    assert response.status_code == 400
    assert "already uses that name" in response.content.decode()
    assert User.objects.count() == before


def test_a_name_with_odd_characters_gets_a_clear_message(client: Any, world: Any) -> None:
    response = client.post(JOIN, {"class_code": "KX7M4P", "pseudonym": "<script>"})
    assert response.status_code == 400
    assert "Use 3 to 24 letters" in response.content.decode()
    short = client.post(JOIN, {"class_code": "KX7", "pseudonym": "Blue Fox"})
    assert "A class code has 6 letters and numbers" in short.content.decode()


def test_a_pupil_signs_in_again_with_code_name_and_sign_in_code(client: Any,
                                                                world: Any) -> None:
    response = client.post(PUPIL_SIGN_IN, {"class_code": "KX7M4P", "pseudonym": "NOVA",
                                           "sign_in_code": PUPIL_CODE.upper()})
    assert response.status_code == 302
    assert client.get(reverse("accounts:my_work")).context["user"] == world.pupil_a


def test_a_pupil_sign_in_with_wrong_details_is_refused(client: Any, world: Any) -> None:
    response = client.post(PUPIL_SIGN_IN, {"class_code": "KX7M4P", "pseudonym": "Nova",
                                           "sign_in_code": "otter-0000"})
    assert response.status_code == 400
    assert "Those details do not match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_pupil_is_locked_out_after_repeated_failures(client: Any, world: Any,
                                                       settings: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(PUPIL_SIGN_IN, {"class_code": "KX7M4P", "pseudonym": "Nova",
                                    "sign_in_code": "otter-0000"})
    locked = client.post(PUPIL_SIGN_IN, {"class_code": "KX7M4P", "pseudonym": "Nova",
                                         "sign_in_code": PUPIL_CODE})
    assert locked.status_code == 429


def test_a_reissued_sign_in_code_replaces_the_old_one(client: Any, world: Any) -> None:
    client.force_login(world.teacher_a)
    url = reverse("accounts:pupil_reissue",
                  kwargs={"pk": world.class_a.pk, "enrolment_id": world.enrolment_a.pk})
    page = client.post(url, follow=True).content.decode()
    new_code = re.search(r"New sign-in code for Nova: ([a-z]+-\d{4})", page).group(1)
    client.logout()
    old = client.post(PUPIL_SIGN_IN, {"class_code": "KX7M4P", "pseudonym": "Nova",
                                      "sign_in_code": PUPIL_CODE})
    assert old.status_code == 400
    new = client.post(PUPIL_SIGN_IN, {"class_code": "KX7M4P", "pseudonym": "Nova",
                                      "sign_in_code": new_code})
    assert new.status_code == 302
