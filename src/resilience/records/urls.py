from django.urls import path

from resilience.records import views
from resilience.records.xapi import resources

app_name = "records"

urlpatterns = [
    # The xAPI Learning Record Store (authenticated by LRS keys, or the signed-in session).
    path("xapi/statements", resources.statements, name="xapi_statements"),
    path("xapi/activities/state", resources.state, name="xapi_state"),
    path("xapi/activities/profile", resources.activity_profile, name="xapi_activity_profile"),
    path("xapi/activities", resources.activities, name="xapi_activities"),
    path("xapi/agents/profile", resources.agent_profile, name="xapi_agent_profile"),
    path("xapi/agents", resources.agents, name="xapi_agents"),
    path("xapi/about", resources.about, name="xapi_about"),
    # Pages.
    path("progress/", views.my_progress, name="progress"),
    path("competencies/", views.competency_framework, name="competencies"),
    path("records/classes/", views.class_index, name="class_index"),
    path("records/classes/<int:pk>/", views.class_results, name="class_results"),
    path("records/classes/<int:pk>/skills/", views.class_skills, name="class_skills"),
    path("records/overview/", views.aggregate, name="aggregate"),
    path("records/organisations/<int:pk>/skills/", views.organisation_skills,
         name="organisation_skills"),
    path("records/members/", views.members_progress, name="members"),
    path("records/lrs-keys/", views.credential_list, name="credentials"),
    path("records/lrs-keys/<int:pk>/revoke/", views.credential_revoke,
         name="credential_revoke"),
]
