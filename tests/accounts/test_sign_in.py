from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from tests.conftest import PASSWORD, PUPIL_CODE

SIGN_IN = "/sign-in/"


def test_an_adult_signs_in_with_email_and_password(client: Any, world: Any) -> None:
    response = client.post(SIGN_IN, {"email": "Teacher.A@Example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).context["user"] == world.teacher_a


def test_a_wrong_password_says_so_without_saying_which_part(client: Any, world: Any) -> None:
    response = client.post(SIGN_IN, {"email": "teacher.a@example.org", "password": "nope"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "email address or password is not right" in text
    unknown = client.post(SIGN_IN, {"email": "nobody@example.org", "password": "nope"})
    assert "email address or password is not right" in unknown.content.decode()


def test_it_locks_an_account_after_repeated_failures(client: Any, world: Any,
                                                     settings: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(SIGN_IN, {"email": "teacher.a@example.org", "password": "wrong"})
    locked = client.post(SIGN_IN, {"email": "teacher.a@example.org", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_account(client: Any, world: Any, settings: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(SIGN_IN, {"email": "teacher.a@example.org", "password": "wrong"})
    ok = client.post(SIGN_IN, {"email": "teacher.b@example.org", "password": PASSWORD})
    assert ok.status_code == 302


def test_a_pupil_cannot_sign_in_through_the_adult_form(client: Any, world: Any) -> None:
    response = client.post(SIGN_IN, {"email": world.pupil_a.username, "password": PUPIL_CODE})
    assert response.status_code == 400


def test_next_is_followed_only_within_the_site(client: Any, world: Any) -> None:
    response = client.post(SIGN_IN + "?next=/classes/",
                           {"email": "teacher.a@example.org", "password": PASSWORD,
                            "next": "/classes/"})
    assert response["Location"] == "/classes/"
    client.logout()
    evil = client.post(SIGN_IN, {"email": "teacher.a@example.org", "password": PASSWORD,
                                 "next": "https://evil.example/"})
    assert evil["Location"] == reverse("core:home")


def test_passwords_are_stored_as_argon2_hashes(world: Any, settings: Any) -> None:
    # The suite swaps in a fast hasher; put the configured ones back for this test.
    from resilience.config import settings as configured

    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS
    world.teacher_a.set_password(PASSWORD)
    world.teacher_a.save()
    assert identify_hasher(world.teacher_a.password).algorithm == "argon2"
    assert world.teacher_a.check_password(PASSWORD)


def test_signing_out_needs_a_post(client: Any, world: Any) -> None:
    client.force_login(world.teacher_a)
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    client.post(reverse("accounts:sign_out"))
    assert client.get(reverse("core:home")).status_code == 302
