"""The plain-language notice shown on the application form and on "My personal data": how a
participant's data is used.

The legal basis is the employer's legitimate interest in running a voluntary development
program (GDPR article 6(1)(f)), not consent: an employee's consent to their employer is not
considered freely given. The applicant acknowledges they have read the notice.

Every sentence here must stay true to the code: the retention rule is applied by
`manage.py apply_retention` (bascule/privacy/services.py), the copy is "My personal data", the
erasure is HR's page (docs/privacy.md).
"""

from django.utils.translation import gettext_lazy as _

# Months what people wrote in a program is kept after it closes (`manage.py apply_retention`).
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
                _(
                    "Until %(months)s months after the program closes. Then what you wrote "
                    "or chose is deleted: this form's answers and skills, your pair's goals, "
                    "notes and meeting agendas, your check-in comments and your written "
                    "survey answers."
                )
                % {"months": RETENTION_MONTHS},
                _(
                    "What remains is that you took part and with whom (so that you are not "
                    "paired with the same person again), the dates, and your scores, which "
                    "only ever count in totals."
                ),
            ],
        },
        {
            "title": _("Your rights"),
            "lines": [
                _(
                    "You may see your information, have it corrected, and object to its use. "
                    "You may withdraw from the program at any time."
                ),
                _(
                    "You can see all of it, print it or download it at any time from “My "
                    "account”, under “My personal data”."
                ),
                _(
                    "You may ask for it to be erased: your HR team then removes your name and "
                    "what you wrote everywhere; only figures with no name remain."
                ),
                _(
                    "For anything else, contact your HR team or your company's data "
                    "protection officer."
                ),
            ],
        },
    ]
