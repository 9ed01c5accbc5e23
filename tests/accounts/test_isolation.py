"""The privacy promises, stated as tests."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.conftest import visible_text


def test_a_teacher_cannot_see_another_schools_class(client: Any, world: Any) -> None:
    client.force_login(world.teacher_b)
    response = client.get(reverse("accounts:class_detail", kwargs={"pk": world.class_a.pk}))
    assert response.status_code == 404
    assert "Nova" not in visible_text(response.content.decode())
    listing = visible_text(client.get(reverse("accounts:class_list")).content.decode())
    assert "10A" not in listing and "11B" in listing


def test_a_teacher_cannot_see_another_schools_pupils(client: Any, world: Any) -> None:
    client.force_login(world.teacher_b)
    for url in [reverse("accounts:class_detail", kwargs={"pk": world.class_a.pk}),
                reverse("accounts:class_list"), reverse("core:home")]:
        assert "Nova" not in visible_text(client.get(url).content.decode())
    reissue = reverse("accounts:pupil_reissue",
                      kwargs={"pk": world.class_a.pk, "enrolment_id": world.enrolment_a.pk})
    old_hash = world.pupil_a.password
    assert client.post(reissue).status_code == 404
    world.pupil_a.refresh_from_db()
    assert world.pupil_a.password == old_hash


def test_a_teacher_cannot_reach_a_pupil_of_another_class_through_their_own(
        client: Any, world: Any) -> None:
    client.force_login(world.teacher_a)
    url = reverse("accounts:pupil_reissue",
                  kwargs={"pk": world.class_a.pk, "enrolment_id": world.enrolment_b.pk})
    assert client.post(url).status_code == 404


def test_partner_staff_see_only_their_partners_records(client: Any, world: Any) -> None:
    client.force_login(world.partner_a)
    page = visible_text(client.get(reverse("accounts:organisation_list")).content.decode())
    assert "School A" in page and "Affiliate Co" in page
    assert "School B" not in page and "Partner B" not in page
    assert client.get(reverse("accounts:organisation_detail",
                              kwargs={"pk": world.school_b.pk})).status_code == 404


def test_programme_admin_sees_every_partners_records(client: Any, world: Any) -> None:
    client.force_login(world.admin)
    page = visible_text(client.get(reverse("accounts:organisation_list")).content.decode())
    assert "School A" in page and "School B" in page


def test_a_pupil_sees_only_their_own_work(client: Any, world: Any) -> None:
    client.force_login(world.pupil_a)
    page = visible_text(client.get(reverse("accounts:my_work")).content.decode())
    assert "10A" in page and "11B" not in page and "Comet" not in page
    assert client.get(reverse("accounts:class_detail",
                              kwargs={"pk": world.class_a.pk})).status_code == 403


def test_partner_staff_cannot_open_the_django_admin(client: Any, world: Any) -> None:
    client.force_login(world.partner_a)
    response = client.get("/admin/accounts/user/", follow=True)
    assert b"Nova" not in response.content
    assert response.redirect_chain and "/sign-in/" in response.redirect_chain[-1][0]


def test_a_view_without_an_access_rule_is_refused(client: Any, world: Any,
                                                    settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.accounts.unguarded_urls"
    client.force_login(world.admin)
    response = client.get("/unguarded/")
    assert response.status_code == 403
    assert b"secret" not in response.content
