"""The desk's URLs, mounted at /desk/ (namespace `desk`)."""

from django.urls import path
from django.views.i18n import set_language

from errata.desk import actions, auth, insights, readers, settings_pages, site_admin, views
from errata.desk.pages import desk_page

app_name = "desk"

_case = "<slug:site>/cases/<str:reference>/"

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("language/", desk_page(set_language), name="language"),
    path("", views.queue, name="queue"),
    path("queue/rows/", views.queue_rows, name="queue-rows"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke-token"),
    path(_case, views.case_page, name="case"),
    path(_case + "assign/", actions.assign, name="assign"),
    path(_case + "note/", actions.note, name="note"),
    path(_case + "preview/", actions.preview, name="preview"),
    path(_case + "accept/", actions.accept, name="accept"),
    path(_case + "decline/", actions.decline, name="decline"),
    path(_case + "duplicate/", actions.duplicate, name="duplicate"),
    path(_case + "spam/", actions.spam, name="spam"),
    path(_case + "not-spam/", actions.not_spam, name="not-spam"),
    path(_case + "reopen/", actions.reopen, name="reopen"),
    path(_case + "apply-fix/", actions.apply_fix, name="apply-fix"),
    path(_case + "close-fixed/", actions.close_fixed, name="close-fixed"),
    path(_case + "reattach/", actions.reattach, name="reattach"),
    path(_case + "vocabulary/", actions.add_word, name="add-word"),
    path("<slug:site>/stats/", insights.stats, name="stats"),
    path("<slug:site>/stats.csv", insights.stats_csv, name="stats-csv"),
    path("<slug:site>/audit/", insights.audit, name="audit"),
    path("<slug:site>/audit.csv", insights.audit_csv, name="audit-csv"),
    path("<slug:site>/admin/", site_admin.site_admin, name="site-admin"),
    path("<slug:site>/admin/settings/", site_admin.save_settings, name="site-settings"),
    path("<slug:site>/admin/setup/", site_admin.save_setup, name="site-setup"),
    path("<slug:site>/admin/origins/", site_admin.add_origin, name="add-origin"),
    path(
        "<slug:site>/admin/origins/<int:origin_id>/remove/",
        site_admin.remove_origin,
        name="remove-origin",
    ),
    path("<slug:site>/admin/members/", site_admin.add_member, name="add-member"),
    path(
        "<slug:site>/admin/members/<int:membership_id>/remove/",
        site_admin.remove_member,
        name="remove-member",
    ),
    path("<slug:site>/admin/keys/", site_admin.issue_key, name="issue-key"),
    path("<slug:site>/admin/keys/<int:key_id>/revoke/", site_admin.revoke_key, name="revoke-key"),
    path("<slug:site>/readers/", readers.reader_data, name="reader-data"),
    path("<slug:site>/readers/export/", readers.export, name="reader-export"),
    path("<slug:site>/readers/erase/", readers.erase, name="reader-erase"),
    path("<slug:site>/templates/", settings_pages.templates, name="templates"),
    path(
        "<slug:site>/templates/<str:purpose>/<str:key>/<str:language>/",
        settings_pages.edit_template,
        name="edit-template",
    ),
]
