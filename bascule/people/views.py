from django.http import HttpRequest, HttpResponse


def directory(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def employee_detail(request: HttpRequest, employee_id: int) -> HttpResponse:
    raise NotImplementedError
