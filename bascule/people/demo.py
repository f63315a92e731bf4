"""A realistic demo company: 8 departments, a 5-level manager tree, ~300 employees.

Deterministic for a given seed, so screenshots and demos look the same every time.
"""

import datetime as dt
import random
import unicodedata

from faker import Faker

from bascule.people.models import Department, Employee, GenerationBand

DEPARTMENTS = [
    "Direction générale",
    "Marketing",
    "Finance",
    "Ressources humaines",
    "Systèmes d'information",
    "Ventes",
    "Opérations",
    "Juridique",
]
# (location, time zone, weight)
LOCATIONS = [
    ("Paris", "Europe/Paris", 45),
    ("Lyon", "Europe/Paris", 15),
    ("Nantes", "Europe/Paris", 10),
    ("Lille", "Europe/Paris", 8),
    ("Bordeaux", "Europe/Paris", 7),
    ("Bruxelles", "Europe/Brussels", 7),
    ("Montréal", "America/Toronto", 5),
    ("London", "Europe/London", 3),
]
# Per department: director, head, manager, staff titles, each as (masculine, feminine).
TITLES = {
    "Direction générale": (
        ("Directeur de la stratégie", "Directrice de la stratégie"),
        ("Responsable transformation", "Responsable transformation"),
        ("Chef de projet stratégie", "Cheffe de projet stratégie"),
        ("Chargé de mission", "Chargée de mission"),
    ),
    "Marketing": (
        ("Directeur marketing", "Directrice marketing"),
        ("Responsable marque", "Responsable marque"),
        ("Chef de produit senior", "Cheffe de produit senior"),
        ("Chargé de communication digitale", "Chargée de communication digitale"),
    ),
    "Finance": (
        ("Directeur financier", "Directrice financière"),
        ("Responsable contrôle de gestion", "Responsable contrôle de gestion"),
        ("Chef comptable", "Cheffe comptable"),
        ("Contrôleur de gestion", "Contrôleuse de gestion"),
    ),
    "Ressources humaines": (
        ("Directeur des ressources humaines", "Directrice des ressources humaines"),
        ("Responsable développement RH", "Responsable développement RH"),
        ("Responsable RH de proximité", "Responsable RH de proximité"),
        ("Chargé de recrutement", "Chargée de recrutement"),
    ),
    "Systèmes d'information": (
        ("Directeur des systèmes d'information", "Directrice des systèmes d'information"),
        ("Responsable data", "Responsable data"),
        ("Chef d'équipe développement", "Cheffe d'équipe développement"),
        ("Développeur", "Développeuse"),
    ),
    "Ventes": (
        ("Directeur commercial", "Directrice commerciale"),
        ("Responsable grands comptes", "Responsable grands comptes"),
        ("Chef des ventes", "Cheffe des ventes"),
        ("Commercial", "Commerciale"),
    ),
    "Opérations": (
        ("Directeur des opérations", "Directrice des opérations"),
        ("Responsable logistique", "Responsable logistique"),
        ("Chef d'équipe logistique", "Cheffe d'équipe logistique"),
        ("Planificateur", "Planificatrice"),
    ),
    "Juridique": (
        ("Directeur juridique", "Directrice juridique"),
        ("Juriste senior", "Juriste senior"),
        ("Responsable conformité", "Responsable conformité"),
        ("Juriste", "Juriste"),
    ),
}
TODAY = dt.date(2026, 11, 1)


def ascii_slug(text: str) -> str:
    """Return `text` lower-cased, without accents, spaces or apostrophes (for e-mails)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum() or c == "-")


def build_company(*, seed: int = 2026) -> list[Employee]:
    """Return the demo employees, saved, managers linked, departments created."""
    rng = random.Random(seed)
    fakers = {"fr": Faker("fr_FR"), "en": Faker("en_US")}
    for index, faker in enumerate(fakers.values()):
        faker.seed_instance(seed + index)
    departments = {name: Department.objects.get_or_create(name=name)[0] for name in DEPARTMENTS}
    used_emails: set[str] = set()
    employees: list[Employee] = []
    managers: dict[int, int] = {}  # index of employee -> index of their manager

    def new(level: int, dept: str, titles: tuple[str, str], manager: int | None) -> int:
        location, zone, _weight = rng.choices(LOCATIONS, weights=[w for *_, w in LOCATIONS])[0]
        english = location in {"London", "Montréal"} and rng.random() < 0.5
        faker = fakers["en"] if english else fakers["fr"]
        female = rng.random() < 0.5
        first = faker.first_name_female() if female else faker.first_name_male()
        last = faker.last_name()
        title = titles[1] if female else titles[0]
        base = f"{ascii_slug(first)}.{ascii_slug(last)}"
        email, n = f"{base}@bascule.example", 1
        while email in used_emails:
            n += 1
            email = f"{base}{n}@bascule.example"
        used_emails.add(email)
        # Experience follows the career stage, with the spread real companies have.
        experience = max(0, int(rng.gauss(level * 3.6 - 3, 2.5)))
        hired_years_ago = min(experience, max(0, int(rng.expovariate(1 / 6))))
        hire_date = TODAY - dt.timedelta(days=int(hired_years_ago * 365.25) + rng.randint(0, 300))
        languages = ["fr"] if faker is fakers["fr"] else ["en"]
        for code, chance in (("en", 0.65), ("fr", 0.5), ("es", 0.15), ("de", 0.1), ("it", 0.06)):
            if code not in languages and rng.random() < chance:
                languages.append(code)
        band = rng.choice([*GenerationBand.values, "", "", ""])
        employees.append(
            Employee(
                employee_id=f"DEMO-{len(employees) + 1:04d}",
                first_name=first,
                last_name=last,
                email=email,
                department=departments[dept],
                job_title=title,
                seniority_level=level,
                experience_years=experience,
                hire_date=hire_date,
                location=location,
                time_zone=zone,
                languages=languages,
                generation_band=band,
            )
        )
        index = len(employees) - 1
        if manager is not None:
            managers[index] = manager
        return index

    ceo = new(
        8,
        "Direction générale",
        ("Président-directeur général", "Présidente-directrice générale"),
        None,
    )
    for dept in DEPARTMENTS:
        director_title, head_title, manager_title, staff_title = TITLES[dept]
        director = new(7, dept, director_title, ceo)
        for _head in range(2):
            head = new(6, dept, head_title, director)
            for _manager in range(2):
                manager = new(rng.choice([4, 5]), dept, manager_title, head)
                for _staff in range(rng.randint(6, 10)):
                    level = rng.choices([1, 2, 3, 4, 5], weights=[25, 35, 25, 10, 5])[0]
                    new(level, dept, staff_title, manager)

    # A few leavers, for retention analytics: their rows stay, with a leave date.
    for index in rng.sample(range(10, len(employees)), k=12):
        if index not in managers.values():
            employees[index].left_on = TODAY - dt.timedelta(days=rng.randint(10, 700))

    Employee.objects.bulk_create(employees, batch_size=500)
    for index, manager_index in managers.items():
        employees[index].manager_id = employees[manager_index].pk
    Employee.objects.bulk_update(employees, ["manager"], batch_size=500)
    return employees


def pick_personas(employees: list[Employee]) -> dict[str, Employee]:
    """Return the employees behind the demo logins: HR, a young mentor, a senior mentee…"""

    def first(predicate) -> Employee:
        return next(e for e in employees if e.left_on is None and predicate(e))

    return {
        "hr_admin": first(
            lambda e: e.department.name == "Ressources humaines" and e.seniority_level == 6
        ),
        "program_manager": first(
            lambda e: e.department.name == "Ressources humaines" and e.seniority_level in (4, 5)
        ),
        "mentor": first(
            lambda e: (
                e.department.name == "Marketing" and e.seniority_level == 2 and "en" in e.languages
            )
        ),
        "mentee": first(lambda e: e.department.name == "Finance" and e.seniority_level == 7),
        "sponsor": employees[0],
    }
