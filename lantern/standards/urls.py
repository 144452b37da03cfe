from django.urls import path, register_converter

from lantern.standards import views


class UrnConverter:
    regex = "[A-Z][A-Z0-9]{2,19}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class CodeConverter:
    regex = r"(?:PC|K)[1-9][0-9]{0,2}(?:\.[1-9][0-9]{0,2})?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UrnConverter, "urn")
register_converter(CodeConverter, "itemcode")

app_name = "standards"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("manage/", views.manage, name="manage"),
    path("suites/<slug:slug>/", views.suite_detail, name="suite_detail"),
    path("consult/<str:token>/", views.consult_link, name="consult_link"),
    path("<urn:urn>/", views.standard_detail, name="standard_detail"),
    path("<urn:urn>/case.json", views.case_json, name="case_json"),
    path("<urn:urn>/export.csv", views.csv_export, name="csv_export"),
    path("<urn:urn>/coverage/", views.coverage, name="coverage"),
    path("<urn:urn>/compare/", views.compare, name="compare"),
    path("<urn:urn>/new-version/", views.version_new, name="version_new"),
    path("<urn:urn>/v<int:number>/", views.version_detail, name="version_detail"),
    path("<urn:urn>/v<int:number>/case.json", views.case_json_version, name="case_json_version"),
    path("<urn:urn>/v<int:number>/export.csv", views.csv_export_version, name="csv_export_version"),
    path("<urn:urn>/v<int:number>/edit/", views.version_edit, name="version_edit"),
    path("<urn:urn>/v<int:number>/items/new/", views.item_add, name="item_add"),
    path("<urn:urn>/v<int:number>/items/<itemcode:code>/", views.item_edit, name="item_edit"),
    path(
        "<urn:urn>/v<int:number>/items/<itemcode:code>/remove/",
        views.item_remove,
        name="item_remove",
    ),
    path(
        "<urn:urn>/v<int:number>/consultation/open/",
        views.consultation_open,
        name="consultation_open",
    ),
    path(
        "<urn:urn>/v<int:number>/consultation/",
        views.consultation_take_part,
        name="consultation_take_part",
    ),
    path(
        "<urn:urn>/v<int:number>/consultation/responses/",
        views.consultation_manage,
        name="consultation_manage",
    ),
    path(
        "<urn:urn>/v<int:number>/consultation/close/",
        views.consultation_close,
        name="consultation_close",
    ),
    path(
        "<urn:urn>/v<int:number>/consultation/comments/<uuid:comment_id>/",
        views.comment_respond,
        name="comment_respond",
    ),
    path("<urn:urn>/v<int:number>/approve/", views.version_approve, name="version_approve"),
]
