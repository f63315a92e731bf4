"""The plain-language notice shown on the application form: how an applicant's data is used.

The legal basis is the employer's legitimate interest in running a voluntary development
program (GDPR article 6(1)(f)), not consent: an employee's consent to their employer is not
considered freely given. The applicant acknowledges they have read the notice.
"""

from django.utils.translation import gettext_lazy as _

# Months the applications are kept after the program closes.
RETENTION_MONTHS = 12


def privacy_notice() -> list[dict[str, object]]:
    """Return the notice as short sections: a heading and its sentences."""
    return [
        {
            "title": _("Why we use your information"),
            "lines": [
                _(
                    "Taking part is voluntary. Your employer uses this information to run the "
                    "mentoring program, because it has a legitimate interest in offering it. "
                    "It is not based on your consent, so you cannot be penalised for not "
                    "applying."
                ),
            ],
        },
        {
            "title": _("What we collect"),
            "lines": [
                _(
                    "What you write in this form: your role, your skills, your interests, "
                    "your hopes, when you are available, your preferred format and languages. "
                    "We also use your department and seniority level from the HR directory."
                ),
            ],
        },
        {
            "title": _("Who sees it"),
            "lines": [
                _("HR and the program's managers see your whole application."),
                _("Your mentoring partner sees your skills and interests."),
                _("Your private notes stay private: nobody else sees them."),
                _("The program's sponsors only see totals, never your name."),
            ],
        },
        {
            "title": _("How long we keep it"),
            "lines": [
                _("Until %(months)s months after the program closes; then it is deleted.")
                % {"months": RETENTION_MONTHS},
            ],
        },
        {
            "title": _("Your rights"),
            "lines": [
                _(
                    "You may see your information, have it corrected, and object to its use. "
                    "You may withdraw from the program at any time."
                ),
                _("To do so, contact your HR team or your company's data protection officer."),
            ],
        },
    ]
