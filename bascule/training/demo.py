"""Demo data for training: the catalog installed; the demo mentee and mentor have each
finished one module (the mentee after a second try, with a "thing I will try" shared with
their partner) and started another. Everything goes through the real services, as the
learners themselves. What programs require is HR's side, not set here."""

from typing import Any

from bascule.training import content, selectors, services
from bascule.training.models import Audience

WILL_TRY = {
    "fr": "Reformuler ce que j'ai compris avant de donner mon avis.",
    "en": "Sum up what I understood before giving my opinion.",
}


def _right_answers(text: content.Text) -> list[list[int]]:
    return [[i for i, c in enumerate(q.choices) if c.correct] for q in text.questions]


def _one_wrong(text: content.Text) -> list[list[int]]:
    answers = _right_answers(text)
    if answers:
        first = text.questions[0]
        wrong = next(i for i, c in enumerate(first.choices) if not c.correct)
        answers[0] = [wrong]
    return answers


def complete_module(user: Any, module: Any, *, second_try: bool = False) -> None:
    """`user` reads every section of `module` and passes its quiz (after a first try with
    one wrong answer when `second_try`)."""
    text, _fell_back = selectors.version_text(module.published, user.language or "fr")
    for number in range(1, len(text.sections) + 1):
        services.section_read(actor=user, module=module, number=number)
    if text.questions:
        if second_try and len(text.questions) > 1:
            services.quiz_submit(
                actor=user, module=module, version_id=module.published_id, answers=_one_wrong(text)
            )
        services.quiz_submit(
            actor=user, module=module, version_id=module.published_id, answers=_right_answers(text)
        )


def train_demo(*, learners: list[Any], directory=None) -> list[str]:
    """Install the catalog, then give each of `learners` (demo users with an employee) one
    module done and one in progress, from the modules of their audience."""
    report = services.install_catalog(content.load_catalog(directory or content.CATALOG))
    for user in learners:
        audiences = selectors.audiences_of(user) - {Audience.MANAGERS}
        modules = [m for m in selectors.published_modules() if m.audience in audiences]
        if not modules:
            continue
        done = modules[0]
        complete_module(user, done, second_try=True)
        pairs = list(selectors.active_pairs_of(user.employee))
        services.reflection_save(
            actor=user,
            module=done,
            private_text="",
            will_try=WILL_TRY.get(user.language, WILL_TRY["fr"]),
            pair_id=pairs[0].pk if pairs else None,
        )
        if len(modules) > 1:
            services.section_read(actor=user, module=modules[1], number=1)
    return report
