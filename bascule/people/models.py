from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GenerationBand(models.TextChoices):
    """Self-declared, optional, and only ever shown in aggregate (never a matching criterion)."""

    BABY_BOOMERS = "boomers", _("Baby boomers")
    GEN_X = "gen_x", _("Generation X")
    MILLENNIALS = "millennials", _("Millennials (Generation Y)")
    GEN_Z = "gen_z", _("Generation Z")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


# Career stage: the seniority level from the HR system (1 = entry level ... 8 = executive).
SENIORITY_LEVEL_MIN = 1
SENIORITY_LEVEL_MAX = 8


class EmployeeQuerySet(models.QuerySet):
    def active(self) -> "EmployeeQuerySet":
        return self.filter(left_on__isnull=True)


class Employee(models.Model):
    """A person in the HR directory. Never deleted: leavers keep their row with `left_on`.

    There is deliberately no birth date: age may not be a decision criterion. A person whose
    personal data was erased on request keeps an anonymous row (`erased_at`, see
    docs/privacy.md), so that pairs, counts and survey results still add up.
    """

    employee_id = models.CharField(_("employee ID"), max_length=64, unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail"), unique=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    seniority_level = models.PositiveSmallIntegerField(_("seniority level"), null=True, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    location = models.CharField(_("location"), max_length=120, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    # ISO 639-1 codes, e.g. ["fr", "en"].
    languages = models.JSONField(_("languages"), default=list, blank=True)
    generation_band = models.CharField(
        _("generation (self-declared)"),
        max_length=16,
        choices=GenerationBand.choices,
        blank=True,
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seniority_level__isnull=True)
                | Q(
                    seniority_level__gte=SENIORITY_LEVEL_MIN,
                    seniority_level__lte=SENIORITY_LEVEL_MAX,
                ),
                name="employee_seniority_level_range",
            ),
            models.CheckConstraint(
                condition=~Q(manager=models.F("id")), name="employee_not_own_manager"
            ),
        ]
        indexes = [
            # The directory lists by name, filtered by department and level.
            models.Index(fields=["department", "last_name"], name="employee_dept_name_idx"),
            models.Index(fields=["seniority_level"], name="employee_level_idx"),
            models.Index(fields=["left_on"], name="employee_left_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        # Only an erasure leaves both names empty (the import requires them). Testing the
        # names rather than `erased_at` keeps lists that load a few fields to one query.
        return f"{self.first_name} {self.last_name}".strip() or gettext("Erased person")

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class ImportStatus(models.TextChoices):
    """Where an import is: previewed (nothing written), queued for the background job,
    being written by it (committing), committed, or failed (nothing written, may be tried
    again). Only a previewed or failed import can be changed or queued."""

    PREVIEWED = "previewed", _("Previewed")
    QUEUED = "queued", _("Waiting to be imported")
    COMMITTING = "committing", _("Importing")
    COMMITTED = "committed", _("Imported")
    FAILED = "failed", _("Failed")


# The statuses in which an import can still change (options, mapping) and be queued.
EDITABLE_STATUSES = (ImportStatus.PREVIEWED, ImportStatus.FAILED)
# The statuses of an import whose commit is waiting for a worker or running in one.
IN_PROGRESS_STATUSES = (ImportStatus.QUEUED, ImportStatus.COMMITTING)


class EmployeeImport(models.Model):
    """One upload of the HR system's export: previewed first, then committed once."""

    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=255)
    # The file itself, kept so that the commit applies exactly what was previewed.
    content = models.BinaryField(_("content"))
    # The file's column headers, in order, so the mapping step need not read the file again.
    headers = models.JSONField(_("column headers"), default=list, blank=True)
    # Source header -> field name, as confirmed by HR in the mapping step.
    column_mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    # A full export marks everyone missing from the file as having left: HR's explicit choice.
    full_export = models.BooleanField(_("full export"), default=False)
    # Whether a blank cell erases the stored value; by default it keeps it.
    clear_blank_cells = models.BooleanField(_("blank cells clear stored values"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # A few of the changes the preview found: {"updated": [...], "left": [...]}.
    sample_changes = models.JSONField(_("sample of changes"), default=dict, blank=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    # The commit runs in a background job (bascule/people/imports/tasks.py): who asked for it
    # and when, when a worker started it, and why it failed ({"code", "params"}, the message
    # chosen in the reader's language by bascule/people/imports/failures.py).
    queued_at = models.DateTimeField(_("import requested at"), null=True, blank=True)
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("import requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("import started at"), null=True, blank=True)
    failure = models.JSONField(_("reason of the failure"), default=dict, blank=True)
    # Fingerprint of the writes the preview planned: the commit proceeds only if it plans
    # the same ones (importing.Plan.digest).
    plan_digest = models.CharField(_("planned changes"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("employee import")
        verbose_name_plural = _("employee imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


def get_language_code() -> str:
    """Return the active language's two-letter code ("fr", "en")."""
    return (get_language() or "fr")[:2]


class HistoryField(models.TextChoices):
    """The facts of an employee whose changes are kept, so promotions, moves and leaving
    can be dated (docs/admin-guide.md, "HR history")."""

    SENIORITY_LEVEL = "seniority_level", _("seniority level")
    JOB_TITLE = "job_title", _("job title")
    DEPARTMENT = "department", _("department")
    MANAGER = "manager_id", _("manager")
    LOCATION = "location", _("location")
    LEFT_ON = "left_on", _("left on")


class HistorySource(models.TextChoices):
    IMPORT = "import", _("HR import")
    HISTORY = "history", _("history file")


class EmployeeChange(models.Model):
    """One change of one fact of an employee, on the day it took effect: written by each
    HR import for what it changes (the import's day), and by the history file for the past
    (the dates it gives). Values are kept as text as the HR system gave them (a department's
    name, a manager's employee ID, a level, an ISO date)."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="changes"
    )
    field = models.CharField(_("what changed"), max_length=32, choices=HistoryField.choices)
    old_value = models.CharField(_("before"), max_length=200, blank=True)
    new_value = models.CharField(_("after"), max_length=200, blank=True)
    effective_on = models.DateField(_("effective on"))
    source = models.CharField(_("source"), max_length=16, choices=HistorySource.choices)
    employee_import = models.ForeignKey(
        EmployeeImport,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("employee change")
        verbose_name_plural = _("employee changes")
        ordering = ["employee", "effective_on", "id"]
        constraints = [
            # One value per fact and day: loading the same history again adds nothing.
            models.UniqueConstraint(
                fields=["employee", "field", "effective_on"], name="employee_change_once_a_day"
            ),
        ]
        indexes = [
            # Everyone's changes of one fact over a period (promotions, moves, leaving).
            models.Index(fields=["field", "effective_on"], name="employee_change_field_day"),
        ]

    def __str__(self) -> str:
        return f"EmployeeChange #{self.pk} (employee {self.employee_id}, {self.field})"
