"""Reads of the people directory. Every fetch of someone's record goes through `access_*`."""

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection, models
from django.db.models import CharField, Count, Exists, Func, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bascule.people.models import (
    EDITABLE_STATUSES,
    Department,
    Employee,
    EmployeeImport,
    ImportStatus,
)

DIRECTORY_PAGE_SIZE = 25

# Accented letters folded to their base letters for search and sorting, in both cases because
# SQLite's LOWER() only knows ASCII. The same table folds the search words, so both sides agree
# even on a letter missing from it.
ACCENT_FOLDS: dict[str, str] = {
    **dict.fromkeys("àáâãäåāą", "a"),
    **dict.fromkeys("ÀÁÂÃÄÅĀĄ", "A"),
    **dict.fromkeys("çćč", "c"),
    **dict.fromkeys("ÇĆČ", "C"),
    **dict.fromkeys("èéêëēęě", "e"),
    **dict.fromkeys("ÈÉÊËĒĘĚ", "E"),
    **dict.fromkeys("ìíîïī", "i"),
    **dict.fromkeys("ÌÍÎÏĪ", "I"),
    **dict.fromkeys("ñńň", "n"),
    **dict.fromkeys("ÑŃŇ", "N"),
    **dict.fromkeys("òóôõöøō", "o"),
    **dict.fromkeys("ÒÓÔÕÖØŌ", "O"),
    **dict.fromkeys("ùúûüūů", "u"),
    **dict.fromkeys("ÙÚÛÜŪŮ", "U"),
    **dict.fromkeys("ýÿ", "y"),
    **dict.fromkeys("ÝŸ", "Y"),
    **dict.fromkeys("śšş", "s"),
    **dict.fromkeys("ŚŠŞ", "S"),
    **dict.fromkeys("źżž", "z"),
    **dict.fromkeys("ŹŻŽ", "Z"),
    "ł": "l",
    "Ł": "L",
    "ř": "r",
    "Ř": "R",
    "œ": "oe",
    "Œ": "OE",
    "æ": "ae",
    "Æ": "AE",
    "ß": "ss",
}


def fold_text(text: str) -> str:
    """Return `text` lowercased with the accents of ACCENT_FOLDS removed."""
    return "".join(ACCENT_FOLDS.get(char, char) for char in text).lower()


class Fold(Func):
    """The database expression of `fold_text`: lowercase, accents removed.

    PostgreSQL does it with TRANSLATE(); SQLite has no such function and nested REPLACE()
    calls overflow its parser, so there it calls `fold_text` itself, registered on the
    connection. Other databases only lowercase.
    """

    function = "LOWER"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        # Registered at compile time, so every connection has it whoever opened it.
        connection.ensure_connection()
        connection.connection.create_function(
            "BASCULE_FOLD", 1, fold_text_or_none, deterministic=True
        )
        return super().as_sql(compiler, connection, function="BASCULE_FOLD", **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.source_expressions[0])
        single = {char: plain for char, plain in ACCENT_FOLDS.items() if len(plain) == 1}
        sql = f"TRANSLATE({sql}, %s, %s)"
        params = (*params, "".join(single), "".join(single.values()))
        for char, plain in ACCENT_FOLDS.items():
            if len(plain) > 1:
                sql = f"REPLACE({sql}, %s, %s)"
                params = (*params, char, plain)
        return f"LOWER({sql})", params


def fold_text_or_none(text: str | None) -> str | None:
    """Return `fold_text(text)`, or None for a NULL value."""
    return None if text is None else fold_text(text)


class EmployeeStatus(models.TextChoices):
    """The status filter of the directory: active (the default), left, or everyone."""

    ACTIVE = "active", _("Active")
    LEFT = "left", _("Left")
    ALL = "all", _("All")


@dataclass(frozen=True)
class DirectoryFilters:
    """The validated filters of the directory page and the people API."""

    q: str = ""
    department_id: int | None = None
    seniority_level: int | None = None
    manager_id: int | None = None
    status: str = EmployeeStatus.ACTIVE


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
    """Return the employee if `user` may read it; anything else is a 404.

    Everyone may read their own record, whatever their role: a program manager outside the
    departments they manage, a sponsor (who otherwise sees aggregates only).
    """
    visible = employees_visible_to(user=user)
    if user.is_authenticated and user.is_active and user.employee_id is not None:
        visible = visible | Employee.objects.filter(pk=user.employee_id)
    employee = visible.select_related("department", "manager").filter(pk=employee_id).first()
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


def order_by_name(queryset: QuerySet[Employee]) -> QuerySet[Employee]:
    """Return `queryset` sorted by last name then first name, ignoring case and accents.

    Folding keeps "Élodie Écuyer" among the E's on SQLite, whose default collation would put
    her after Z.
    """
    return queryset.alias(
        last_name_folded=Fold("last_name"),
        first_name_folded=Fold("first_name"),
    ).order_by("last_name_folded", "first_name_folded", "id")


def employee_search(*, queryset: QuerySet[Employee], q: str) -> QuerySet[Employee]:
    """Return the employees of `queryset` matching every word of `q`.

    A word matches the name, e-mail, employee ID or job title, ignoring case and accents.
    """
    words = fold_text(q).split()
    if not words:
        return queryset
    space = Value(" ")
    queryset = queryset.alias(
        search_text=Fold(
            Concat(
                "first_name", space, "last_name", space, "email", space,
                "employee_id", space, "job_title",
                output_field=CharField(),
            )
        )
    )  # fmt: skip
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def employee_directory(*, user: Any, filters: DirectoryFilters) -> QuerySet[Employee]:
    """Return the employees `user` may see that match `filters`, sorted by name.

    Used by the directory page and the people API alike; the department and manager of each
    row come in the same query.
    """
    qs = employees_visible_to(user=user).select_related("department", "manager")
    if filters.status == EmployeeStatus.ACTIVE:
        qs = qs.filter(left_on__isnull=True)
    elif filters.status == EmployeeStatus.LEFT:
        qs = qs.filter(left_on__isnull=False)
    if filters.department_id is not None:
        qs = qs.filter(department_id=filters.department_id)
    if filters.seniority_level is not None:
        qs = qs.filter(seniority_level=filters.seniority_level)
    if filters.manager_id is not None:
        qs = qs.filter(manager_id=filters.manager_id)
    qs = employee_search(queryset=qs, q=filters.q)
    return order_by_name(qs)


def managers_visible_to(*, user: Any) -> QuerySet[Employee]:
    """Return the people who manage at least one employee `user` may see, sorted by name.

    A program manager's list includes managers outside their departments (a director's own
    manager), as the directory already shows each row's manager by name.
    """
    managed = employees_visible_to(user=user).filter(manager__isnull=False).values("manager_id")
    return order_by_name(
        Employee.objects.filter(pk__in=managed).only("id", "first_name", "last_name", "job_title")
    )


@dataclass(frozen=True)
class ReportingLineEntry:
    """One person in a reporting line, from the top of the company down."""

    id: int
    full_name: str
    job_title: str


def reporting_line(*, employee: Employee) -> list[ReportingLineEntry]:
    """Return the chain of managers above `employee`, from the top down, then `employee`.

    One recursive query whatever the depth; the depth cap guards against a cycle that a
    direct database edit could have introduced.
    """
    table = connection.ops.quote_name(Employee._meta.db_table)
    sql = f"""
        WITH RECURSIVE chain (id, manager_id, depth) AS (
            SELECT id, manager_id, 0 FROM {table} WHERE id = %s
            UNION ALL
            SELECT e.id, e.manager_id, chain.depth + 1
            FROM {table} e JOIN chain ON e.id = chain.manager_id
            WHERE chain.depth < 100
        )
        SELECT e.id, e.first_name, e.last_name, e.job_title
        FROM chain JOIN {table} e ON e.id = chain.id
        ORDER BY chain.depth DESC
    """  # noqa: S608 (the table name comes from the model, the value is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, [employee.pk])
        rows = cursor.fetchall()
    return [
        ReportingLineEntry(
            id=pk, full_name=f"{first} {last}".strip() or gettext("Erased person"), job_title=title
        )
        for pk, first, last, title in rows
    ]


def direct_reports(*, employee: Employee) -> QuerySet[Employee]:
    """Return the active employees who report directly to `employee`, sorted by name."""
    return order_by_name(employee.reports.filter(left_on__isnull=True).select_related("department"))


def visible_ids(*, user: Any, ids: list[int]) -> set[int]:
    """Return those of `ids` whose record `user` may open, in one query."""
    if not ids:
        return set()
    return set(employees_visible_to(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def headcount_summary(*, user: Any) -> dict[str, Any]:
    """Return aggregate headcounts: active and left employees, by department (one query).

    Sponsors see the whole company in aggregate; program managers their departments.
    """
    base = Employee.objects.all()
    if user.is_program_manager:
        base = base.filter(department__in=user.managed_departments.all())
    elif not (user.is_hr_admin or user.is_sponsor):
        base = base.none()
    rows = list(
        base.order_by()
        .values("department__name")
        .annotate(
            active=Count("id", filter=Q(left_on__isnull=True)),
            left=Count("id", filter=Q(left_on__isnull=False)),
        )
    )
    by_department = sorted(
        (
            {"department__name": row["department__name"], "count": row["active"]}
            for row in rows
            if row["active"]
        ),
        # The most people first, then by name (no department last, as the database sorts).
        key=lambda row: (
            -row["count"],
            row["department__name"] is None,
            row["department__name"] or "",
        ),
    )
    return {
        "active": sum(row["active"] for row in rows),
        "left": sum(row["left"] for row in rows),
        "by_department": by_department,
    }


def access_employee_import(*, user: Any, import_id: int) -> EmployeeImport:
    """Return the import if `user` may see it (HR admins only); anything else is a 404."""
    if not (user.is_authenticated and user.is_hr_admin):
        raise Http404
    # The file itself is loaded only by the services that read it: the progress partial
    # fetches the import every second.
    employee_import = (
        EmployeeImport.objects.select_related("created_by")
        .defer("content")
        .filter(pk=import_id)
        .first()
    )
    if employee_import is None:
        raise Http404
    return employee_import


def employee_imports_recent(*, limit: int = 10) -> list[EmployeeImport]:
    """Return the latest imports, newest first, without their file content."""
    return list(
        EmployeeImport.objects.select_related("created_by")
        .defer("content")
        .order_by("-created_at", "-id")[:limit]
    )


def employee_imports_in_preview() -> list[EmployeeImport]:
    """Return the imports previewed but not applied (a failed one included: nothing was
    written), newest first, without their file content. A preview made before another
    import was applied is left out: it is out of date (one query)."""
    applied_since = EmployeeImport.objects.filter(
        status=ImportStatus.COMMITTED, committed_at__gt=OuterRef("created_at")
    )
    return list(
        EmployeeImport.objects.filter(status__in=EDITABLE_STATUSES)
        .exclude(Exists(applied_since))
        .select_related("created_by")
        .defer("content")
        .order_by("-created_at", "-id")
    )


# An import's progress (changes written of the total) lives in the shared cache: the row is
# held by the commit's transaction until its end, and every app server reads the cache.
IMPORT_PROGRESS_TIMEOUT = 60 * 60


def import_progress_key(import_id: int) -> str:
    """Return the cache key holding the progress of an import's commit."""
    return f"people:import:{import_id}:progress"


def employee_import_progress(*, employee_import: EmployeeImport) -> tuple[int, int] | None:
    """Return (changes written, total) of an import being committed, or None before its job
    wrote any (or when its status says it is not being committed)."""
    if employee_import.status != ImportStatus.COMMITTING:
        return None
    state = cache.get(import_progress_key(employee_import.pk))
    if not isinstance(state, dict) or "total" not in state:
        return None
    return state.get("done", 0), state["total"]
