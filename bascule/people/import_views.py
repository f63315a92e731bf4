from django.http import HttpRequest, HttpResponse


def import_upload(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def import_mapping(request: HttpRequest, import_id: int) -> HttpResponse:
    raise NotImplementedError


def import_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    raise NotImplementedError


def import_commit(request: HttpRequest, import_id: int) -> HttpResponse:
    raise NotImplementedError


def import_progress(request: HttpRequest, import_id: int) -> HttpResponse:
    raise NotImplementedError
