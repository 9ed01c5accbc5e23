from __future__ import annotations

from typing import Any

from django.urls import reverse

from resilience.accounts.models import AuditEntry, SchoolClass


def test_a_teacher_creates_a_class_and_sees_its_code(client: Any, world: Any) -> None:
    client.force_login(world.teacher_a)
    response = client.post(reverse("accounts:class_create"),
                           {"name": "  9 Chemistry ", "organisation": world.school_a.pk,
                            "year_group": "9"}, follow=True)
    created = SchoolClass.objects.get(name="9 Chemistry")
    text = response.content.decode()
    assert created.teacher == world.teacher_a and created.year_group == 9
    assert f"{created.join_code[:3]}-{created.join_code[3:]}" in text
    assert "<svg" in text  # the QR code
    entry = AuditEntry.objects.get(action="class.create")
    assert entry.actor == world.teacher_a and entry.target_id == str(created.pk)


def test_a_teacher_cannot_create_a_class_in_another_school(client: Any, world: Any) -> None:
    client.force_login(world.teacher_a)
    response = client.post(reverse("accounts:class_create"),
                           {"name": "Sneaky", "organisation": world.school_b.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not SchoolClass.objects.filter(name="Sneaky").exists()


def test_a_class_with_no_name_is_refused(client: Any, world: Any) -> None:
    client.force_login(world.teacher_a)
    response = client.post(reverse("accounts:class_create"),
                           {"name": "   ", "organisation": world.school_a.pk})
    assert response.status_code == 400
    assert SchoolClass.objects.count() == 2


def test_a_new_class_code_stops_the_old_one_working(client: Any, world: Any) -> None:
    client.force_login(world.teacher_a)
    client.post(reverse("accounts:class_new_code", kwargs={"pk": world.class_a.pk}))
    world.class_a.refresh_from_db()
    assert world.class_a.join_code != "KX7M4P"
    client.logout()
    response = client.post("/join/", {"class_code": "KX7M4P", "pseudonym": "Late Comer"})
    assert response.status_code == 400
    assert AuditEntry.objects.filter(action="class.new_join_code").count() == 1


def test_closing_joining_refuses_new_pupils(client: Any, world: Any) -> None:
    client.force_login(world.teacher_a)
    client.post(reverse("accounts:class_joining", kwargs={"pk": world.class_a.pk}),
                {"open": "0"})
    client.logout()
    response = client.post("/join/", {"class_code": "KX7M4P", "pseudonym": "Late Comer"})
    assert response.status_code == 400


def test_admin_changes_appear_in_the_audit_log(client: Any, world: Any) -> None:
    client.force_login(world.admin)
    url = reverse("admin:accounts_organisation_change", args=[world.school_a.pk])
    response = client.post(url, {"name": "School A Renamed", "slug": "school-a",
                                 "kind": "school", "nation": "england", "region": "",
                                 "town": "", "postcode": "", "partner": world.partner_org_a.pk})
    assert response.status_code == 302
    page = client.get(reverse("accounts:audit_log")).content.decode()
    assert "admin.change" in page and "School A Renamed" in page
