from django.urls import path

from resilience.accounts import class_views, organisation_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("join/", views.join, name="join"),
    path("join/welcome/", views.joined, name="joined"),
    path("pupil-sign-in/", views.pupil_sign_in, name="pupil_sign_in"),
    path("classes/", class_views.class_list, name="class_list"),
    path("classes/new/", class_views.class_create, name="class_create"),
    path("classes/<int:pk>/", class_views.class_detail, name="class_detail"),
    path("classes/<int:pk>/new-code/", class_views.class_new_code, name="class_new_code"),
    path("classes/<int:pk>/joining/", class_views.class_joining, name="class_joining"),
    path("classes/<int:pk>/pupils/<int:enrolment_id>/reissue/", class_views.pupil_reissue,
         name="pupil_reissue"),
    path("organisations/", organisation_views.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/", organisation_views.organisation_detail,
         name="organisation_detail"),
    path("audit/", organisation_views.audit_log, name="audit_log"),
    path("my-work/", organisation_views.my_work, name="my_work"),
]
