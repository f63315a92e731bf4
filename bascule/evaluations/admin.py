"""Surveys and their questions in the admin; responses, answers and skill ratings are not
registered, on purpose: a member's answers are confidential, an administrator included
(docs/evaluations.md). Once a survey has responses its questions are read-only here too, as
on HR's pages, so that its results stay comparable."""

from django.contrib import admin

from bascule.evaluations.models import Question, Response, Survey


def _answered(survey: Survey | None) -> bool:
    return survey is not None and Response.objects.filter(survey=survey).exists()


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("position", "kind", "text_fr", "text_en", "required")

    def has_add_permission(self, request, obj=None):
        return not _answered(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _answered(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _answered(obj) and super().has_delete_permission(request, obj)


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("id", "program", "kind", "opens_on", "closes_on")
    list_filter = ("kind",)
    search_fields = ("program__name", "title_fr", "title_en")
    readonly_fields = ("program", "kind")
    inlines = [QuestionInline]

    def has_delete_permission(self, request, obj=None):
        return not _answered(obj) and super().has_delete_permission(request, obj)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("id", "survey", "position", "kind", "required")
    list_filter = ("kind",)
    search_fields = ("text_fr", "text_en")

    def has_change_permission(self, request, obj=None):
        answered = obj is not None and _answered(obj.survey)
        return not answered and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        answered = obj is not None and _answered(obj.survey)
        return not answered and super().has_delete_permission(request, obj)
