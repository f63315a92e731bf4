from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from bascule.core.api_errors import ErrorOut, ValidationErrorOut
from bascule.core.api_input import BoundedLimitOffsetPagination
from bascule.core.permissions import require, user_can_manage_people, user_is_not_sponsor
from bascule.people import selectors
from bascule.people.models import Department, Employee
from bascule.people.schemas import DepartmentOut, EmployeeFilter, EmployeeOut

router = Router(tags=["people"])


@router.get(
    "/employees",
    response={
        200: list[EmployeeOut],
        401: ErrorOut,
        403: ErrorOut,
        422: ValidationErrorOut,
    },
    summary="List employees",
)
@require(user_is_not_sponsor)
@paginate(BoundedLimitOffsetPagination, max_limit=200)
def list_employees(request: HttpRequest, filters: Query[EmployeeFilter]) -> QuerySet[Employee]:
    """Employees the caller may see, sorted by last name (a participant: only themselves)."""
    return selectors.employee_directory(user=request.user, filters=filters.to_filters())


@router.get(
    "/employees/{employee_id}",
    response={200: EmployeeOut, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Get an employee",
)
def get_employee(request: HttpRequest, employee_id: int) -> Employee:
    """One employee's record; someone the caller may not see is a 404."""
    return selectors.access_employee(user=request.user, employee_id=employee_id)


@router.get(
    "/departments",
    response={200: list[DepartmentOut], 401: ErrorOut, 403: ErrorOut},
    summary="List departments",
)
@require(user_can_manage_people)
def list_departments(request: HttpRequest) -> QuerySet[Department]:
    """Departments the caller may filter the directory by."""
    return selectors.departments_visible_to(user=request.user)
