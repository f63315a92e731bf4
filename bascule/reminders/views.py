"""Reminder pages: "My reminders" (every user's own choices, now a section of the
notifications and reminders page, /notifications/preferences/) and a program's reminder policy
(HR admins and the program's managers; 404 for anyone else)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bascule.programs.selectors import access_managed_program
from bascule.reminders import selectors, services
from bascule.reminders.forms import PolicyForm, PreferencesForm
from bascule.reminders.kinds import all_kinds

# Where a person's reminders are chosen: a section of the notifications and reminders page
# (named by its URL: the notifications app sits above this one).
PREFERENCES_PAGE = "notification_centre:preferences"


def preferences(request: HttpRequest) -> HttpResponse:
    """/reminders/ (the address the reminders' e-mails gave): the reminders' section of the
    notifications and reminders page. A form still posted here (a page opened before) is
    saved first, so that nothing typed is lost."""
    if request.method == "POST":
        form = PreferencesForm(request.POST, choices=selectors.user_choices(user=request.user))
        if form.is_valid():
            services.preferences_save(actor=request.user, enabled=form.enabled())
            messages.success(request, _("Your reminder choices are saved."))
    return redirect(f"{reverse(PREFERENCES_PAGE)}#reminders")


def program_policy(request: HttpRequest, program_id: int) -> HttpResponse:
    """The kinds of reminder a program requires of its members; on POST, save them."""
    program = access_managed_program(user=request.user, program_id=program_id)
    kinds = all_kinds()
    required = selectors.program_policy(program)
    if request.method == "POST":
        form = PolicyForm(request.POST, kinds=kinds, required=required)
        if form.is_valid():
            services.policy_save(
                actor=request.user, program=program, required=form.required_codes()
            )
            messages.success(request, _("The reminders this program requires are saved."))
            return redirect(reverse("reminders:program_policy", kwargs={"program_id": program.pk}))
    else:
        form = PolicyForm(kinds=kinds, required=required)
    return render(request, "reminders/program_policy.html", {"program": program, "form": form})
