"""Reads of the people directory. Every fetch of someone's record goes through `access_*`."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from bascule.people.models import Department, Employee


def employees_visible_to(*, user: Any) -> QuerySet[Employee]:
    """Return the employees whose record `user` may read.

    HR admins: everyone. Program managers: the departments they manage.
    Participants: themselves. Sponsors: nobody (aggregates only).
    """
    qs = Employee.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_hr_admin:
        return qs
    if user.is_program_manager:
        return qs.filter(department__in=user.managed_departments.all())
    if user.is_participant and user.employee_id is not None:
        return qs.filter(pk=user.employee_id)
    return qs.none()


def access_employee(*, user: Any, employee_id: int) -> Employee:
    """Return the employee if `user` may read it; anything else is a 404."""
    employee = (
        employees_visible_to(user=user)
        .select_related("department", "manager")
        .filter(pk=employee_id)
        .first()
    )
    if employee is None:
        raise Http404
    return employee


def departments_visible_to(*, user: Any) -> QuerySet[Department]:
    """Return the departments `user` may filter the directory by."""
    if user.is_hr_admin:
        return Department.objects.all()
    if user.is_program_manager:
        return user.managed_departments.all()
    return Department.objects.none()


def headcount_summary(*, user: Any) -> dict[str, Any]:
    """Return aggregate headcounts: active and left employees, by department.

    Sponsors see the whole company in aggregate; program managers their departments.
    """
    base = Employee.objects.all()
    if user.is_program_manager:
        base = base.filter(department__in=user.managed_departments.all())
    elif not (user.is_hr_admin or user.is_sponsor):
        base = base.none()
    totals = base.aggregate(
        active=Count("id", filter=Q(left_on__isnull=True)),
        left=Count("id", filter=Q(left_on__isnull=False)),
    )
    by_department = list(
        base.filter(left_on__isnull=True)
        .values("department__name")
        .annotate(count=Count("id"))
        .order_by("-count", "department__name")
    )
    return {"active": totals["active"], "left": totals["left"], "by_department": by_department}
