"""The built-in badges: their words in both languages and their look. Installed on first use
(`services.install_builtins`); HR cannot change their criteria, only hide them (`active`)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Builtin:
    slug: str
    name_fr: str
    name_en: str
    description_fr: str
    description_en: str
    criteria_fr: str
    criteria_en: str
    shape: str
    colour: str
    glyph: str


BUILTINS = (
    Builtin(
        "charter-signed",
        "Charte signée",
        "Charter signed",
        "Le binôme s'est engagé sur la charte du programme.",
        "The pair committed to the program's charter.",
        "Les deux membres du binôme ont confirmé la charte au lancement.",
        "Both members of the pair confirmed the charter at the kickoff.",
        "shield",
        "blue",
        "✓",
    ),
    Builtin(
        "first-meeting",
        "Première rencontre",
        "First meeting",
        "La première rencontre du binôme a eu lieu.",
        "The pair's first meeting took place.",
        "Une rencontre du binôme est enregistrée comme tenue.",
        "One of the pair's meetings is recorded as held.",
        "circle",
        "teal",
        "1",
    ),
    Builtin(
        "five-meetings",
        "Cinq rencontres",
        "Five meetings",
        "Le binôme s'est retrouvé cinq fois.",
        "The pair met five times.",
        "Cinq rencontres du binôme sont enregistrées comme tenues.",
        "Five of the pair's meetings are recorded as held.",
        "circle",
        "green",
        "5",
    ),
    Builtin(
        "goal-reached",
        "Objectif atteint",
        "Goal reached",
        "Un objectif du binôme est atteint.",
        "One of the pair's goals is reached.",
        "Au moins un objectif du binôme est marqué « atteint ».",
        "At least one of the pair's goals is marked “achieved”.",
        "star",
        "purple",
        "★",
    ),
    Builtin(
        "all-goals-reached",
        "Tous les objectifs atteints",
        "All goals reached",
        "Le binôme a atteint tous ses objectifs.",
        "The pair reached all its goals.",
        "Le binôme a au moins deux objectifs non abandonnés, tous marqués « atteints ».",
        "The pair has at least two goals not dropped, all of them marked “achieved”.",
        "star",
        "red",
        "★★",
    ),
    Builtin(
        "training-completed",
        "Formation terminée",
        "Training completed",
        "Toutes les formations demandées par le programme sont terminées.",
        "Every module the program asks for is completed.",
        "Le programme demande au moins un module pour son rôle, et la personne les a tous "
        "terminés.",
        "The program asks for at least one module for their role, and the person completed "
        "them all.",
        "hexagon",
        "blue",
        "F",
    ),
    Builtin(
        "workshop-attended",
        "Atelier suivi",
        "Workshop attended",
        "Présent à un atelier du programme.",
        "Present at one of the program's workshops.",
        "La personne est notée présente à un atelier (pour chacun des programmes de l'atelier "
        "auquel elle participe, ou sans programme si l'atelier n'en a aucun).",
        "The person is marked present at a workshop (for each of the workshop's programs they "
        "take part in, or with no program when the workshop has none).",
        "hexagon",
        "teal",
        "A",
    ),
    Builtin(
        "checkins-kept-up",
        "Points réguliers",
        "Check-ins kept up",
        "Des points d'étape donnés avec régularité.",
        "Check-ins given steadily.",
        "Au moins trois périodes de point d'étape sont écoulées dans le binôme, et la personne "
        "a répondu pour au moins 80 % d'entre elles.",
        "At least three check-in periods of the pair are over, and the person answered for at "
        "least 80% of them.",
        "circle",
        "brown",
        "✓✓",
    ),
    Builtin(
        "mentor-of-program",
        "Mentor du programme",
        "Mentor of the program",
        "Un programme mené à son terme comme mentor.",
        "A program seen through as a mentor.",
        "Le programme est clos et le binôme, où la personne est mentor, ne s'est pas arrêté "
        "avant (ni par les RH ni par un retrait).",
        "The program is closed and the pair, where the person is the mentor, did not stop "
        "early (neither by HR nor by a withdrawal).",
        "shield",
        "purple",
        "M",
    ),
    Builtin(
        "mentee-of-program",
        "Mentoré du programme",
        "Mentee of the program",
        "Un programme mené à son terme comme mentoré.",
        "A program seen through as a mentee.",
        "Le programme est clos et le binôme, où la personne est mentorée, ne s'est pas arrêté "
        "avant (ni par les RH ni par un retrait).",
        "The program is closed and the pair, where the person is the mentee, did not stop "
        "early (neither by HR nor by a withdrawal).",
        "shield",
        "green",
        "M",
    ),
    Builtin(
        "came-back",
        "De retour",
        "Came back",
        "Revenu pour un deuxième programme.",
        "Came back for a second program.",
        "La candidature de la personne est acceptée dans un deuxième programme (le badge va "
        "avec ce deuxième programme, celui qui commence après le premier).",
        "The person's application is approved in a second program (the badge goes with that "
        "second program, the one starting after the first).",
        "star",
        "brown",
        "2",
    ),
)

SLUGS = tuple(b.slug for b in BUILTINS)
