"""Access cases for skills: the taxonomy pages (HR admins only), the skills API (reading
for everyone logged in, changes for HR admins only)."""

from bascule.skills import services as skill_services
from bascule.skills.models import Skill, SkillCategory
from tests.access.base import HR, HR_ONLY, ROLES, Case, World, api, everyone

SKILLS_CSV = (
    b"slug;category;label_fr;label_en\nquantum-basics;ai-data;Bases du quantique;Quantum basics\n"
)

a_skill = lambda world: {"skill_id": world.objects["skill"].pk}  # noqa: E731
retired_skill = lambda world: {"skill_id": world.objects["retired_skill"].pk}  # noqa: E731
missing_skill = lambda world: {"skill_id": 999999}  # noqa: E731
to_merge = lambda world: {"skill_id": world.objects["skill_to_merge"].pk}  # noqa: E731

# A form post is not the JSON these operations read: 400 for HR, once the role gate let them
# through; the other roles get 403 whatever they send. Asserted with JSON in
# bascule/skills/tests/test_api.py.
HR_JSON = api(403, **{HR: 400})

MATRIX: dict[str, list[Case]] = {
    "skills:skill_list": [Case(HR_ONLY)],
    "skills:skill_create": [Case(HR_ONLY)],
    "skills:skill_edit": [
        Case(HR_ONLY, kwargs=a_skill),
        Case(everyone(403, **{HR: 404}), kwargs=missing_skill),
    ],
    "skills:skill_merge": [
        Case(HR_ONLY, kwargs=a_skill),
        Case(everyone(403, **{HR: 404}), kwargs=missing_skill),
    ],
    "skills:skill_retire": [
        Case(everyone(403, **{HR: 302}), method="POST", kwargs=a_skill),
        Case(everyone(403, **{HR: 405}), kwargs=a_skill, label="GET is refused"),
        Case(everyone(403, **{HR: 404}), method="POST", kwargs=missing_skill),
    ],
    "skills:skill_restore": [
        Case(everyone(403, **{HR: 302}), method="POST", kwargs=retired_skill),
        Case(everyone(403, **{HR: 405}), kwargs=retired_skill, label="GET is refused"),
    ],
    "skills:skill_import": [Case(HR_ONLY)],
    "skills:skill_import_preview": [
        Case(everyone(403, **{HR: 302}), label="nothing uploaded yet: back to the upload"),
    ],
    "api:list_skills": [Case(api(200))],
    "api:list_skill_categories": [Case(api(200))],
    "api:create_skill": [
        Case(HR_JSON, method="POST", label="roles are asserted in skills/tests/test_api.py"),
        Case(api(200), label="GET lists the skills"),
    ],
    "api:update_skill": [
        Case(
            dict.fromkeys(ROLES, 405),
            kwargs=a_skill,
            label="PUT only; roles are asserted in skills/tests/test_api.py",
        ),
    ],
    "api:merge_skill": [
        Case(HR_JSON, method="POST", kwargs=a_skill, label="roles: skills/tests/test_api.py"),
    ],
    "api:retire_skill": [
        Case(api(403, **{HR: 200}), method="POST", kwargs=a_skill),
        Case(api(403, **{HR: 404}), method="POST", kwargs=missing_skill),
    ],
    "api:restore_skill": [
        Case(api(403, **{HR: 200}), method="POST", kwargs=retired_skill),
    ],
    "api:import_skills": [
        Case(
            api(403, **{HR: 200}),
            method="POST",
            data={"file": ("skills.csv", SKILLS_CSV)},
            label="upload a file",
        ),
    ],
}


def populate(world: World) -> None:
    alice = world.company.alice
    category = SkillCategory.objects.get(slug="ai-data")
    world.objects["skill"] = skill_services.skill_create(
        actor=alice, label_fr="Bases de Python", label_en="Python basics", category=category
    )
    world.objects["skill_to_merge"] = skill_services.skill_create(
        actor=alice, label_fr="Python", label_en="Python", category=category
    )
    retired = skill_services.skill_create(
        actor=alice, label_fr="Fax", label_en="Fax", category=category
    )
    world.objects["retired_skill"] = skill_services.skill_retire(actor=alice, skill=retired)
    assert Skill.objects.filter(retired_at__isnull=False).exists()
