import datetime as dt
from typing import Literal

from ninja import Field, Schema

from bascule.people.models import SENIORITY_LEVEL_MAX, SENIORITY_LEVEL_MIN, Employee
from bascule.people.selectors import DirectoryFilters, EmployeeStatus


class DepartmentOut(Schema):
    id: int
    name: str


class EmployeeOut(Schema):
    """An employee's directory record. The self-declared generation is never exposed."""

    id: int
    employee_id: str
    first_name: str
    last_name: str
    full_name: str
    email: str
    department: DepartmentOut | None
    job_title: str
    seniority_level: int | None
    experience_years: int | None
    hire_date: dt.date | None
    manager_id: int | None
    manager_name: str | None
    location: str
    time_zone: str
    languages: list[str] = Field(description="ISO 639-1 codes, e.g. fr, en")
    is_active: bool
    left_on: dt.date | None

    @staticmethod
    def resolve_manager_name(obj: Employee) -> str | None:
        return obj.manager.full_name if obj.manager_id else None


class EmployeeFilter(Schema):
    q: str = Field("", max_length=100, description="Words found in name, e-mail, ID or title")
    department: int | None = Field(None, description="Department id")
    seniority_level: int | None = Field(None, ge=SENIORITY_LEVEL_MIN, le=SENIORITY_LEVEL_MAX)
    manager: int | None = Field(None, description="Id of the manager whose reports to list")
    status: Literal["active", "left", "all"] = EmployeeStatus.ACTIVE.value

    def to_filters(self) -> DirectoryFilters:
        """Return these query parameters as the selectors' filters."""
        return DirectoryFilters(
            q=" ".join(self.q.split()),
            department_id=self.department,
            seniority_level=self.seniority_level,
            manager_id=self.manager,
            status=self.status,
        )
