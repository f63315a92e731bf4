"""HR admins' page of the training library: the published modules, downloaded as a file
(one module or all of them) and modules imported from another installation's file, after a
preview of what will happen (bascule/training/exchange.py)."""

import base64

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bascule.core import idempotency
from bascule.core.errors import DomainError
from bascule.core.forms import add_errors
from bascule.core.permissions import require, user_is_hr_admin
from bascule.training import exchange
from bascule.training.authoring import selectors as authoring
from bascule.training.requirements import selectors
from bascule.training.requirements.forms import ModulesImportForm

SESSION_KEY = "training_modules_import"


def _library_url(*_args, **_kwargs) -> str:
    return reverse("training_hr:library")


def _page(request: HttpRequest, form: ModulesImportForm, status: int = 200) -> HttpResponse:
    modules = list(authoring.library_modules())
    language = (get_language() or "fr")[:2]
    for module in modules:
        if module.published_id is not None:
            module.title = selectors.module_title(module, language)
        else:
            module.title = module.slug
        module.has_draft = (module.latest or 0) > (
            module.published.number if module.published_id else 0
        )
    published = [m for m in modules if m.status == "published" and m.published_id]
    context = {"modules": modules, "published": published, "form": form}
    return render(request, "training/requirements/library.html", context, status=status)


@require(user_is_hr_admin)
def library(request: HttpRequest) -> HttpResponse:
    """The published modules, their downloads and the upload form."""
    return _page(request, ModulesImportForm())


def _attachment(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require(user_is_hr_admin)
def library_download(request: HttpRequest) -> HttpResponse:
    """Every published module, as one file."""
    modules = selectors.requirable_modules()
    return _attachment(exchange.export_modules(modules), "training-modules.json")


@require(user_is_hr_admin)
def module_download(request: HttpRequest, slug: str) -> HttpResponse:
    """One published module, as a file."""
    module = selectors.requirable_modules().filter(slug=slug).first()
    if module is None:
        raise Http404
    return _attachment(exchange.export_modules([module]), f"training-{module.slug}.json")


@require(user_is_hr_admin)
@require_POST
def library_upload(request: HttpRequest) -> HttpResponse:
    """Check an uploaded file; a good one goes on to the preview, nothing is saved."""
    form = ModulesImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(exchange.MAX_BYTES + 1)
        try:
            exchange.read_import(data)
        except DomainError as exc:
            add_errors(form, exc, field="file")
        else:
            request.session[SESSION_KEY] = {
                "filename": (upload.name or "")[:255],
                "data": base64.b64encode(data).decode("ascii"),
            }
            return redirect("training_hr:library_preview")
    return _page(request, form)


@require(user_is_hr_admin)
@idempotency.form_view(url=_library_url)
def library_preview(request: HttpRequest) -> HttpResponse:
    """What the uploaded file will do; the confirmation's POST imports it."""
    stored = request.session.get(SESSION_KEY)
    if not stored:
        messages.info(request, _("Upload a file first."))
        return redirect("training_hr:library")
    try:
        plan = exchange.read_import(base64.b64decode(stored["data"]))
    except DomainError as exc:
        del request.session[SESSION_KEY]
        messages.error(request, exc.message)
        return redirect("training_hr:library")
    if request.method == "POST" and plan.changes:
        exchange.apply_import(plan, request.user, submission=idempotency.submission(request))
        del request.session[SESSION_KEY]
        messages.success(request, _("The modules are imported."))
        return redirect("training_hr:library")
    context = {"plan": plan, "counts": plan.counts, "filename": stored["filename"]}
    return render(request, "training/requirements/library_preview.html", context)
