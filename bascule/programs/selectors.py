"""Reads for programs. Who may see or manage a program is decided here and only here.

- HR admins see and manage every program.
- A program manager sees and manages the programs they are a manager of, and no other.
- A sponsor sees every program's overview and figures, never an individual application.
- A participant sees the programs they were invited to or applied to, and the open programs
  that are enrolling.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from bascule.programs.models import Program, ProgramStatus


def programs_managed_by(*, user: Any) -> QuerySet[Program]:
    """Return the programs `user` may change (settings, invitations, reviews)."""
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_hr_admin:
        return Program.objects.all()
    if user.is_program_manager:
        return Program.objects.filter(managers=user)
    return Program.objects.none()


def programs_visible_to(*, user: Any) -> QuerySet[Program]:
    """Return the programs `user` may see."""
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_hr_admin or user.is_sponsor:
        return Program.objects.all()
    if user.is_program_manager:
        return Program.objects.filter(managers=user)
    employee_id = user.employee_id
    if employee_id is None:
        return Program.objects.none()
    return Program.objects.filter(
        Q(invitations__employee_id=employee_id)
        | Q(applications__employee_id=employee_id)
        | Q(open_enrollment=True, status=ProgramStatus.ENROLLING)
    ).distinct()


def user_manages_program(*, user: Any, program: Program) -> bool:
    return programs_managed_by(user=user).filter(pk=program.pk).exists()


def access_program(*, user: Any, program_id: int) -> Program:
    """Return the program if `user` may see it; 404 otherwise (its existence is not leaked)."""
    program = programs_visible_to(user=user).filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


def access_managed_program(*, user: Any, program_id: int) -> Program:
    """Return the program if `user` may manage it; 404 otherwise."""
    program = programs_managed_by(user=user).filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program
