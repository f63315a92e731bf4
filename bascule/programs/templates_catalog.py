"""Program templates: ready-made settings HR starts a program from, in French and English.

A template fills in everything but the dates: name, description, objectives, charter,
cadence, format, capacity and the reverse rule. HR may change any of it before saving. The
texts are written in both languages here rather than translated through the catalogs, because
a template's text becomes the program's own text, in the language of the person creating it.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from bascule.programs.models import MeetingFormat, ProgramKind

TEMPLATE_LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
BLANK = "blank"


@dataclass(frozen=True)
class ProgramTemplate:
    key: str
    # language -> {"name", "summary", "description", "objectives", "charter"}
    texts: dict[str, dict[str, Any]]
    # Program fields other than the texts and the dates.
    settings: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str) -> dict[str, Any]:
        return self.texts[language if language in self.texts else DEFAULT_LANGUAGE]


REVERSE_DIGITAL = ProgramTemplate(
    key="reverse-digital",
    texts={
        "fr": {
            "name": "Mentorat inversé — numérique et nouvelles tendances",
            "summary": (
                "De jeunes collègues font découvrir les outils numériques, les réseaux sociaux "
                "et l'IA à des cadres expérimentés."
            ),
            "description": (
                "Pendant six mois, des collègues en début de carrière accompagnent des cadres "
                "expérimentés dans la découverte des outils numériques, des réseaux sociaux, de "
                "l'intelligence artificielle et des nouvelles façons de travailler. En retour, "
                "les mentors découvrent de près la manière dont l'entreprise est dirigée. "
                "Chaque binôme fixe ses propres sujets lors de la première rencontre."
            ),
            "objectives": [
                "Rendre les cadres plus à l'aise avec les outils numériques du quotidien.",
                "Comprendre les usages et les attentes des nouvelles générations.",
                "Démystifier l'intelligence artificielle et ses usages au travail.",
                "Donner de la visibilité aux jeunes talents et valoriser leur expertise.",
                "Créer des liens durables entre les services et les niveaux hiérarchiques.",
            ],
            "charter": (
                "Confidentialité : ce qui se dit pendant les rencontres reste entre le mentor "
                "et le mentoré. Rien n'est rapporté à la hiérarchie sans l'accord des deux.\n\n"
                "Rythme : le binôme se retrouve toutes les deux semaines, 45 minutes, pendant "
                "le temps de travail. Chacun prévient à l'avance s'il doit décaler une "
                "rencontre.\n\n"
                "Respect mutuel : le mentor est l'expert de la rencontre, quel que soit son "
                "poste. Chacun écoute sans juger, pose les questions qu'il veut et reconnaît ce "
                "qu'il ne sait pas.\n\n"
                "Aucune évaluation : la hiérarchie du mentoré n'évalue pas le mentor sur ce "
                "programme, et rien de ce qui s'y passe n'entre dans l'entretien annuel de l'un "
                "ou de l'autre.\n\n"
                "Droit d'arrêter : chacun peut mettre fin à la relation à tout moment, sans "
                "avoir à se justifier, en prévenant l'équipe RH qui proposera une autre "
                "solution.\n\n"
                "Données : Bascule conserve vos réponses au formulaire d'inscription et les "
                "dates de vos rencontres pour former les binômes et suivre le programme. Les "
                "statistiques partagées avec la direction sont anonymes."
            ),
        },
        "en": {
            "name": "Reverse mentoring — digital & new trends",
            "summary": (
                "Young colleagues help experienced managers get to grips with digital tools, "
                "social media and AI."
            ),
            "description": (
                "For six months, early-career colleagues help experienced managers discover "
                "digital tools, social media, artificial intelligence and new ways of working. "
                "In return, the mentors see at first hand how the company is run. Each pair "
                "chooses its own topics at their first meeting."
            ),
            "objectives": [
                "Make managers more at ease with everyday digital tools.",
                "Understand how younger generations work and what they expect.",
                "Demystify artificial intelligence and how it is used at work.",
                "Give young talent visibility and recognise their expertise.",
                "Build lasting links across departments and levels.",
            ],
            "charter": (
                "Confidentiality: what is said in meetings stays between mentor and mentee. "
                "Nothing is reported to management without both agreeing.\n\n"
                "Cadence: the pair meets every two weeks for 45 minutes, during working hours. "
                "Either side gives notice if a meeting has to move.\n\n"
                "Mutual respect: the mentor is the expert in the room, whatever their job "
                "title. Both listen without judging, ask any question and admit what they do "
                "not know.\n\n"
                "No evaluation: the mentee's management does not assess the mentor on this "
                "program, and nothing that happens in it goes into either person's annual "
                "review.\n\n"
                "Right to stop: either person may end the relationship at any time, without "
                "giving a reason, by telling the HR team, who will suggest another "
                "arrangement.\n\n"
                "Data: Bascule keeps your answers to the application form and the dates of your "
                "meetings to form the pairs and follow the program. Figures shared with the "
                "leadership team are anonymous."
            ),
        },
    },
    settings={
        "kind": ProgramKind.REVERSE,
        "meeting_every_weeks": 2,
        "meeting_minutes": 45,
        "checkin_every_weeks": 4,
        "format": MeetingFormat.HYBRID,
        "languages": ["fr", "en"],
        "mentor_capacity": 1,
        "mentor_max_level": 3,
        "mentor_max_experience_years": 5,
        "mentee_min_level": 6,
        "mentee_min_experience_years": None,
        "min_level_gap": 3,
    },
)

RECIPROCAL = ProgramTemplate(
    key="reciprocal",
    texts={
        "fr": {
            "name": "Mentorat réciproque",
            "summary": (
                "Chacun apprend de l'autre : le numérique d'un côté, l'expérience du métier et "
                "de l'entreprise de l'autre."
            ),
            "description": (
                "Un programme où chaque membre du binôme est à la fois mentor et mentoré. Le "
                "collègue en début de carrière partage sa pratique du numérique et des "
                "nouveaux usages ; le collègue expérimenté partage sa connaissance du métier, "
                "de l'entreprise et de la conduite de projets. Les rencontres alternent les "
                "sujets de l'un et de l'autre."
            ),
            "objectives": [
                "Faire circuler les savoirs dans les deux sens, entre les générations.",
                "Aider les jeunes collègues à comprendre l'entreprise et à construire leur "
                "carrière.",
                "Aider les collègues expérimentés à adopter les nouveaux outils et usages.",
                "Renforcer la coopération entre services.",
                "Donner à chacun l'occasion de transmettre ce qu'il sait.",
            ],
            "charter": (
                "Confidentialité : ce qui se dit pendant les rencontres reste entre les deux "
                "membres du binôme. Rien n'est rapporté à la hiérarchie sans l'accord des "
                "deux.\n\n"
                "Rythme : le binôme se retrouve toutes les deux semaines, 60 minutes, pendant "
                "le temps de travail, en alternant les sujets de chacun. Chacun prévient à "
                "l'avance s'il doit décaler une rencontre.\n\n"
                "Respect mutuel : les deux membres sont tour à tour experts et apprenants. "
                "Chacun écoute sans juger et reconnaît ce qu'il ne sait pas.\n\n"
                "Aucune évaluation : la hiérarchie de l'un n'évalue pas l'autre sur ce "
                "programme, et rien de ce qui s'y passe n'entre dans l'entretien annuel de l'un "
                "ou de l'autre.\n\n"
                "Droit d'arrêter : chacun peut mettre fin à la relation à tout moment, sans "
                "avoir à se justifier, en prévenant l'équipe RH qui proposera une autre "
                "solution.\n\n"
                "Données : Bascule conserve vos réponses au formulaire d'inscription et les "
                "dates de vos rencontres pour former les binômes et suivre le programme. Les "
                "statistiques partagées avec la direction sont anonymes."
            ),
        },
        "en": {
            "name": "Reciprocal mentoring",
            "summary": (
                "Each learns from the other: digital know-how one way, experience of the job "
                "and the company the other."
            ),
            "description": (
                "A program in which both members of a pair are mentor and mentee at once. The "
                "early-career colleague shares their digital skills and new ways of working; "
                "the experienced colleague shares what they know of the trade, the company and "
                "running projects. Meetings alternate between each person's topics."
            ),
            "objectives": [
                "Let knowledge flow both ways between generations.",
                "Help young colleagues understand the company and build their career.",
                "Help experienced colleagues take up new tools and ways of working.",
                "Strengthen cooperation between departments.",
                "Give everyone the chance to pass on what they know.",
            ],
            "charter": (
                "Confidentiality: what is said in meetings stays between the two members of "
                "the pair. Nothing is reported to management without both agreeing.\n\n"
                "Cadence: the pair meets every two weeks for 60 minutes, during working hours, "
                "taking turns with each person's topics. Either side gives notice if a meeting "
                "has to move.\n\n"
                "Mutual respect: both members are in turn expert and learner. Both listen "
                "without judging and admit what they do not know.\n\n"
                "No evaluation: neither person's management assesses the other on this "
                "program, and nothing that happens in it goes into either person's annual "
                "review.\n\n"
                "Right to stop: either person may end the relationship at any time, without "
                "giving a reason, by telling the HR team, who will suggest another "
                "arrangement.\n\n"
                "Data: Bascule keeps your answers to the application form and the dates of your "
                "meetings to form the pairs and follow the program. Figures shared with the "
                "leadership team are anonymous."
            ),
        },
    },
    settings={
        "kind": ProgramKind.RECIPROCAL,
        "meeting_every_weeks": 2,
        "meeting_minutes": 60,
        "checkin_every_weeks": 4,
        "format": MeetingFormat.HYBRID,
        "languages": ["fr", "en"],
        "mentor_capacity": 1,
        "mentor_max_level": 4,
        "mentor_max_experience_years": None,
        "mentee_min_level": 5,
        "mentee_min_experience_years": None,
        "min_level_gap": 2,
    },
)

TEMPLATES: dict[str, ProgramTemplate] = {t.key: t for t in (REVERSE_DIGITAL, RECIPROCAL)}
BLANK_LABEL = _("Blank program")
BLANK_SUMMARY = _("Start from an empty form and write everything yourself.")


def template_language(language: str | None) -> str:
    """Return the template language closest to `language` ("fr-ca" -> "fr"; unknown -> fr)."""
    code = (language or "").split("-")[0].lower()
    return code if code in TEMPLATE_LANGUAGES else DEFAULT_LANGUAGE


def is_template(key: str) -> bool:
    return key in TEMPLATES


def template_fields(key: str, *, language: str | None = None) -> dict[str, Any]:
    """Return the Program fields the template `key` fills in, texts in `language`.

    Every field but the dates (starts_on, ends_on, enrollment_closes_on), which HR chooses.
    Raise KeyError for an unknown key.
    """
    template = TEMPLATES[key]
    text = template.text(template_language(language))
    return {
        "name": text["name"],
        "description": text["description"],
        "objectives": list(text["objectives"]),
        "charter": text["charter"],
        "template": template.key,
        **{
            name: list(value) if isinstance(value, list) else value
            for name, value in template.settings.items()
        },
    }


def template_cards(*, language: str | None = None) -> list[dict[str, str]]:
    """Return each template's key, name and one-line summary in `language`."""
    code = template_language(language)
    return [
        {"key": t.key, "name": t.text(code)["name"], "summary": t.text(code)["summary"]}
        for t in TEMPLATES.values()
    ]
