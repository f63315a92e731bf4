"""Access cases for HR's side of training: a program's requirements, its completion report,
exports and reminders, pages and API (HR admins and the program's managers; 404 for a
program someone does not manage, 403 for the roles that never manage one); the training
library, its downloads and imports (HR admins only).

Objects (built by `populate`):
- "training_module": a published module.
- "training_requirement": "program" (managed by Paul) requires it of mentors.
- "training_other_requirement": "other_program" (HR only) requires it of mentees.
"""

from bascule.training.models import Requirement
from bascule.training.tests.factories import make_module
from tests.access.base import ANON, HR, PM, Case, World, api, everyone

program = lambda world: {"program_id": world.objects["program"].pk}  # noqa: E731
other_program = lambda world: {"program_id": world.objects["other_program"].pk}  # noqa: E731
requirement = lambda world: {  # noqa: E731
    "program_id": world.objects["program"].pk,
    "requirement_id": world.objects["training_requirement"].pk,
}
other_requirement = lambda world: {  # noqa: E731
    "program_id": world.objects["other_program"].pk,
    "requirement_id": world.objects["training_other_requirement"].pk,
}
csv = lambda world: {"program_id": world.objects["program"].pk, "fmt": "csv"}  # noqa: E731
other_xlsx = lambda world: {"program_id": world.objects["other_program"].pk, "fmt": "xlsx"}  # noqa: E731

MANAGERS = everyone(403, **{HR: 200, PM: 200})
HR_SCOPE = everyone(403, **{HR: 200, PM: 404})
HR_ONLY = everyone(403, **{HR: 200})
API_MANAGERS = api(403, **{HR: 200, PM: 200})
API_HR_SCOPE = api(403, **{HR: 200, PM: 404})

a_module = lambda world: {"slug": world.objects["training_module"].slug}  # noqa: E731
a_language = lambda world: {"slug": world.objects["training_module"].slug, "language": "fr"}  # noqa: E731
a_section = lambda world: {  # noqa: E731
    "slug": world.objects["training_module"].slug,
    "language": "en",
    "number": 1,
}

MATRIX: dict[str, list[Case]] = {
    "training_hr:library": [Case(HR_ONLY)],
    "training_hr:library_download": [Case(HR_ONLY)],
    "training_hr:module_download": [Case(HR_ONLY, kwargs=a_module)],
    "training_hr:library_upload": [
        Case(HR_ONLY, method="POST", label="an empty form shows its errors"),
        Case(everyone(403, **{HR: 405}), label="POST only"),
    ],
    "training_hr:library_preview": [
        Case(everyone(403, **{HR: 302}), label="nothing uploaded: back to the library"),
    ],
    # Module authoring (bascule/training/authoring/): HR admins only.
    "training_authoring:create": [
        Case(HR_ONLY),
        Case(HR_ONLY, method="POST", label="an empty form shows its errors"),
    ],
    "training_authoring:module": [Case(HR_ONLY, kwargs=a_module)],
    "training_authoring:edit": [
        Case(HR_ONLY, kwargs=a_language),
        Case(HR_ONLY, method="POST", kwargs=a_language, label="an empty form shows its errors"),
    ],
    "training_authoring:preview": [Case(HR_ONLY, kwargs=a_language)],
    "training_authoring:preview_section": [Case(HR_ONLY, kwargs=a_section)],
    "training_authoring:preview_quiz": [Case(HR_ONLY, kwargs=a_language)],
    "training_authoring:publish": [
        Case(everyone(403, **{HR: 302}), kwargs=a_module, label="no draft: back to the module"),
    ],
    "training_authoring:duplicate": [
        Case(HR_ONLY, kwargs=a_module),
        Case(HR_ONLY, method="POST", kwargs=a_module, label="an empty form shows its errors"),
    ],
    "training_authoring:retire": [
        Case(HR_ONLY, kwargs=a_module, label="blocked: programs require it"),
        Case(HR_ONLY, method="POST", kwargs=a_module, label="still blocked when confirmed"),
    ],
    "training_authoring:unretire": [
        Case(everyone(403, **{HR: 302}), method="POST", kwargs=a_module, label="not retired"),
        Case(everyone(403, **{HR: 405}), kwargs=a_module, label="POST only"),
    ],
    "api:create_training_module": [
        Case(api(403, **{HR: 400}), method="POST", label="a form-encoded body is refused"),
    ],
    "api:get_training_draft": [Case(api(403, **{HR: 200}), kwargs=a_module)],
    "api:put_training_draft": [
        Case(
            api(403, **{HR: 200}),
            kwargs=a_module,
            label="the address's GET reads the draft; the PUT is asserted in the app's tests",
        ),
    ],
    "api:publish_training_module": [
        Case({**api(405), ANON: 405}, kwargs=a_module, label="GET is refused: POST only"),
    ],
    "api:duplicate_training_module": [
        Case({**api(405), ANON: 405}, kwargs=a_module, label="GET is refused: POST only"),
    ],
    "api:retire_training_module": [
        Case({**api(405), ANON: 405}, kwargs=a_module, label="GET is refused: POST only"),
    ],
    "api:unretire_training_module": [
        Case({**api(405), ANON: 405}, kwargs=a_module, label="GET is refused: POST only"),
    ],
    "training_hr:report": [Case(MANAGERS, kwargs=program), Case(HR_SCOPE, kwargs=other_program)],
    "training_hr:report_export": [
        Case(MANAGERS, kwargs=csv),
        Case(HR_SCOPE, kwargs=other_xlsx),
    ],
    "training_hr:xapi_export": [
        Case(MANAGERS, kwargs=program),
        Case(HR_SCOPE, kwargs=other_program),
    ],
    "training_hr:requirements": [
        Case(MANAGERS, kwargs=program),
        Case(HR_SCOPE, kwargs=other_program),
    ],
    "training_hr:requirement_create": [
        Case(MANAGERS, kwargs=program),
        Case(MANAGERS, method="POST", kwargs=program, label="an empty form shows its errors"),
        Case(HR_SCOPE, kwargs=other_program),
    ],
    "training_hr:requirement_edit": [
        Case(MANAGERS, kwargs=requirement),
        Case(MANAGERS, method="POST", kwargs=requirement, label="an empty form shows its errors"),
        Case(HR_SCOPE, kwargs=other_requirement),
    ],
    "training_hr:requirement_delete": [
        Case(MANAGERS, method="POST", kwargs=requirement, label="the confirmation step"),
        Case(HR_SCOPE, method="POST", kwargs=other_requirement, label="the confirmation step"),
        Case(everyone(403, **{HR: 405, PM: 405}), kwargs=requirement, label="POST only"),
    ],
    "training_hr:remind": [
        Case(MANAGERS, method="POST", kwargs=requirement, label="the confirmation step"),
        Case(HR_SCOPE, method="POST", kwargs=other_requirement, label="the confirmation step"),
    ],
    "api:list_training_requirements": [
        Case(API_MANAGERS, kwargs=program),
        Case(API_HR_SCOPE, kwargs=other_program),
    ],
    "api:create_training_requirement": [
        Case(
            api(403, **{HR: 400, PM: 400}),
            method="POST",
            kwargs=program,
            label="a form-encoded body is refused",
        ),
    ],
    "api:delete_training_requirement": [
        Case(
            {**api(405), ANON: 405},
            kwargs=requirement,
            label="GET is refused: deleting takes a DELETE (asserted in the app's tests)",
        ),
    ],
    "api:update_training_requirement": [
        Case(
            {**api(405), ANON: 405},
            kwargs=requirement,
            label="GET is refused: changing takes a PUT, deleting a DELETE (the app's tests)",
        ),
    ],
    "api:get_training_completion": [
        Case(API_MANAGERS, kwargs=program),
        Case(API_HR_SCOPE, kwargs=other_program),
    ],
}


def populate(world: World) -> None:
    """Create the objects this area's cases point at."""
    module = make_module("access-training")
    world.objects["training_module"] = module
    world.objects["training_requirement"] = Requirement.objects.create(
        program=world.objects["program"], module=module, role="mentor", gates_kickoff=True
    )
    world.objects["training_other_requirement"] = Requirement.objects.create(
        program=world.objects["other_program"], module=module, role="mentee"
    )
