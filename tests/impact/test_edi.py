"""ED&I monitoring: who is asked, what is stored (apart from identity), deleting answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from resilience.impact import edi
from resilience.impact.models import EdiResponse

ADULT_ANSWERS = {"consent": "on", "ethnicity": "asian_indian", "sex": "female",
                 "gender_same": "yes", "condition": "yes", "condition_impact": "a_little",
                 "age_band": "25-34"}
PUPIL_ANSWERS = {"consent": "on", "ethnicity": "white_roma", "sex": "prefer_not_to_say",
                 "age_band": "13-15"}


def test_england_and_wales_has_19_categories_in_5_groups() -> None:
    lst = edi.ENGLAND_WALES
    assert len(lst.categories) == 19
    assert list(lst.groups) == ["white", "mixed", "asian", "black", "other"]
    sizes = {g: sum(1 for c in lst.categories if c.group == g) for g in lst.groups}
    assert sizes == {"white": 5, "mixed": 4, "asian": 5, "black": 3, "other": 2}
    assert {c.group for c in lst.categories} == {c.harmonised for c in lst.categories}
    assert "BAME" not in str([c.label for c in lst.categories])


@pytest.mark.parametrize(("list_id", "code", "group"), [
    ("sc-2022", "d_african", "black"), ("sc-2022", "e_caribbean", "black"),
    ("sc-2022", "a_polish", "white"), ("sc-2022", "c_chinese", "asian"),
    ("ni-2021", "2_irish_traveller", "white"), ("ni-2021", "6_filipino", "asian"),
    ("ni-2021", "8_arab", "other"), ("ew-2021", "mixed_white_asian", "mixed"),
    ("ew-2021", "prefer_not_to_say", None),
])
def test_every_nations_list_maps_to_the_five_groups(list_id, code, group) -> None:
    assert edi.harmonised_group(list_id, code) == group
    for lst in edi.LISTS.values():
        assert {c.harmonised for c in lst.categories} <= set(edi.HARMONISED_GROUPS)


@pytest.mark.parametrize(("nation", "year", "floor"), [
    ("england", 7, None), ("england", 8, None), ("england", 9, 13), ("england", 11, 13),
    ("england", 12, 16), ("wales", 9, 13), ("scotland", 9, None), ("scotland", 10, 13),
    ("scotland", 12, 13), ("scotland", 13, 16), ("northern_ireland", 9, None),
    ("northern_ireland", 10, 13), ("northern_ireland", 13, 16), ("", 9, None), ("", 10, 13),
    ("england", None, None),
])
def test_age_floor_comes_from_the_year_group(nation, year, floor) -> None:
    assert edi.age_floor_for_year(nation, year) == floor


def test_a_year_8_pupil_is_never_offered_the_form(client: Any, world: Any) -> None:
    world.class_a.year_group = 8
    world.class_a.save()
    client.force_login(world.pupil_a)
    page = client.get(reverse("impact:my_answers"))
    assert b"ethnic group" not in page.content
    assert "cannot tell" in page.content.decode()
    client.post(reverse("impact:my_answers"), PUPIL_ANSWERS)
    assert not EdiResponse.objects.exists()


def test_a_pupil_with_no_year_group_is_not_offered_the_form(world: Any) -> None:
    world.class_a.year_group = None
    world.class_a.save()
    assert not edi.eligibility(world.pupil_a).offered


def test_a_year_10_pupil_answers_without_the_16_plus_questions(client: Any,
                                                               world: Any) -> None:
    client.force_login(world.pupil_a)
    page = client.get(reverse("impact:my_answers")).content.decode()
    assert "What is your ethnic group?" in page and "What is your sex?" in page
    assert "12 months" not in page and "registered at birth" not in page
    response = client.post(reverse("impact:my_answers"), PUPIL_ANSWERS)
    assert response.status_code == 302
    stored = EdiResponse.objects.get()
    assert (stored.ethnicity_list, stored.ethnicity) == ("ew-2021", "white_roma")
    assert stored.condition == "" and stored.gender_same == ""
    assert stored.respondent == "pupil"
    assert stored.partner == world.partner_org_a
    assert stored.month.day == 1


def test_answers_are_stored_apart_from_identity(client: Any, world: Any) -> None:
    client.force_login(world.teacher_a)
    client.post(reverse("impact:my_answers"), ADULT_ANSWERS)
    stored = EdiResponse.objects.get()
    user_model = type(world.teacher_a)
    for field in EdiResponse._meta.get_fields():
        assert getattr(field, "related_model", None) is not user_model, field.name
    assert stored.subject_key == edi.subject_key(world.teacher_a.pk)
    values = {str(getattr(stored, f.attname)) for f in EdiResponse._meta.concrete_fields
              if f.name != "id"}
    assert not values & {str(world.teacher_a.pk), world.teacher_a.username,
                         world.teacher_a.email}
    assert stored.subject_key != edi.subject_key(world.teacher_a.pk, secret="another")
    assert (stored.condition, stored.condition_impact) == ("yes", "a_little")
    # They see their own answers back, in words.
    page = client.get(reverse("impact:my_answers")).content.decode()
    assert "Indian" in page and "Yes, a little" in page


def test_answering_again_replaces_the_answers(client: Any, world: Any) -> None:
    client.force_login(world.teacher_a)
    client.post(reverse("impact:my_answers"), ADULT_ANSWERS)
    client.post(reverse("impact:my_answers"), {**ADULT_ANSWERS, "sex": "male"})
    assert EdiResponse.objects.get().sex == "male"


def test_a_person_can_delete_their_answers(client: Any, world: Any) -> None:
    client.force_login(world.teacher_b)
    client.post(reverse("impact:my_answers"), ADULT_ANSWERS)
    client.force_login(world.teacher_a)
    client.post(reverse("impact:my_answers"), ADULT_ANSWERS)
    assert EdiResponse.objects.count() == 2
    response = client.post(reverse("impact:delete_my_answers"), follow=True)
    assert "have been deleted" in response.content.decode()
    assert EdiResponse.objects.count() == 1  # only teacher_b's answers remain
    assert not EdiResponse.objects.filter(subject_key=edi.subject_key(world.teacher_a.pk))


def test_answers_survive_a_secret_rotation(client: Any, world: Any, settings: Any) -> None:
    client.force_login(world.teacher_a)
    client.post(reverse("impact:my_answers"), ADULT_ANSWERS)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-the-test-" + "x" * 30
    client.force_login(world.teacher_a)
    page = client.get(reverse("impact:my_answers")).content.decode()
    assert "Indian" in page
    client.post(reverse("impact:delete_my_answers"))
    assert not EdiResponse.objects.exists()


@pytest.mark.parametrize(("change", "message"), [
    ({"ethnicity": "bame"}, "Select a valid choice"),
    ({"ethnicity": "a_polish"}, "Select a valid choice"),  # Scotland's list, not England's
    ({"sex": "other"}, "Select a valid choice"),
    ({"condition": "no", "condition_impact": "a_lot"}, "Leave this blank"),
    ({"condition_impact": ""}, "Choose an answer"),
    ({"consent": ""}, "Tick the box"),
    ({"age_band": "13-15"}, "Select a valid choice"),  # not offered to adults
])
def test_bad_answers_get_a_clear_error_and_store_nothing(client: Any, world: Any,
                                                         change, message) -> None:
    client.force_login(world.teacher_a)
    response = client.post(reverse("impact:my_answers"), {**ADULT_ANSWERS, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EdiResponse.objects.exists()


def test_a_scottish_school_gets_scotlands_list(client: Any, world: Any) -> None:
    world.school_a.nation = "scotland"
    world.school_a.save()
    world.class_a.year_group = 11  # S4
    world.class_a.save()
    client.force_login(world.pupil_a)
    page = client.get(reverse("impact:my_answers")).content.decode()
    assert "Polish" in page and "Scotland" in page
    client.post(reverse("impact:my_answers"), {**PUPIL_ANSWERS, "ethnicity": "a_polish"})
    assert EdiResponse.objects.get().ethnicity_list == "sc-2022"


def test_someone_no_longer_offered_the_form_can_still_delete_answers(client: Any,
                                                                     world: Any) -> None:
    client.force_login(world.pupil_a)
    client.post(reverse("impact:my_answers"), PUPIL_ANSWERS)
    world.class_a.year_group = 8  # corrected by the teacher afterwards
    world.class_a.save()
    page = client.get(reverse("impact:my_answers")).content.decode()
    assert "Answers you gave before" in page and "Roma" in page
    client.post(reverse("impact:delete_my_answers"))
    assert not EdiResponse.objects.exists()


def test_deleting_an_account_deletes_its_answers(client: Any, world: Any) -> None:
    from resilience.accounts.models import Membership

    client.force_login(world.teacher_b)
    client.post(reverse("impact:my_answers"), ADULT_ANSWERS)
    client.force_login(world.affiliate)
    client.post(reverse("impact:my_answers"), ADULT_ANSWERS)
    Membership.objects.filter(user=world.affiliate).delete()
    world.affiliate.delete()
    assert EdiResponse.objects.count() == 1


def test_answers_are_not_in_the_django_admin() -> None:
    from django.contrib import admin

    assert EdiResponse not in admin.site._registry
