"""Forms of the skills pages: search, create and rename, merge, import. They validate only."""

import datetime as dt
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.core.forms import AccessibleFormMixin
from bascule.skills import importing, selectors
from bascule.skills.models import Skill, SkillCategory


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SkillCategory) -> str:
        return obj.name


class SkillChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Skill) -> str:
        if obj.category_id:
            return f"{obj.label} ({obj.category.name})"
        return obj.label


class SkillStatus:
    IN_USE = "in_use"
    ALL = "all"


class SkillFilterForm(AccessibleFormMixin, forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("A word of the skill's name, in French or English"),
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    category = CategoryChoiceField(
        label=gettext_lazy("Category"),
        queryset=SkillCategory.objects.order_by("position", "slug"),
        required=False,
        empty_label=gettext_lazy("All categories"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=[
            (SkillStatus.IN_USE, gettext_lazy("Skills in use")),
            (SkillStatus.ALL, gettext_lazy("Also retired and merged skills")),
        ],
    )

    def filters(self) -> selectors.SkillFilters:
        """Return the filters that validated; an invalid one is left out."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        category = data.get("category")
        everything = data.get("status") == SkillStatus.ALL
        return selectors.SkillFilters(
            q=" ".join((data.get("q") or "").split()),
            category_id=category.pk if category else None,
            include_retired=everything,
            include_merged=everything,
        )


class SkillForm(AccessibleFormMixin, forms.Form):
    """Create or rename a skill. `updated_at` is the version the person started from."""

    label_fr = forms.CharField(
        label=gettext_lazy("Name in French"), max_length=importing.LABEL_MAX_LENGTH
    )
    label_en = forms.CharField(
        label=gettext_lazy("Name in English"), max_length=importing.LABEL_MAX_LENGTH
    )
    category = CategoryChoiceField(
        label=gettext_lazy("Category"),
        queryset=SkillCategory.objects.order_by("position", "slug"),
        empty_label=gettext_lazy("Choose a category"),
    )
    description_fr = forms.CharField(
        label=gettext_lazy("Description in French"),
        required=False,
        max_length=importing.DESCRIPTION_MAX_LENGTH,
        help_text=gettext_lazy("One sentence saying what this skill is about."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_en = forms.CharField(
        label=gettext_lazy("Description in English"),
        required=False,
        max_length=importing.DESCRIPTION_MAX_LENGTH,
        help_text=gettext_lazy("One sentence saying what this skill is about."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_updated_at(self) -> dt.datetime | None:
        value = self.cleaned_data["updated_at"]
        if not value:
            return None
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return None


class SkillMergeForm(AccessibleFormMixin, forms.Form):
    target = SkillChoiceField(
        label=gettext_lazy("Keep this skill instead"),
        queryset=Skill.objects.none(),
        empty_label=gettext_lazy("Choose a skill"),
        help_text=gettext_lazy(
            "Everyone who chose the skill being merged will have this one instead. "
            "When someone had both, the higher level is kept."
        ),
    )

    def __init__(self, *args: Any, skill: Skill, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = selectors.merge_targets(skill=skill)


class SkillImportForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Skills file"),
        help_text=gettext_lazy(
            "A CSV file, separated by semicolons, commas or tabs. Either with the columns "
            "slug, category, label_fr, label_en, description_fr and description_en, or an "
            "ESCO skills export (conceptUri, preferredLabel, description)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv"}),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of an ESCO file"),
        choices=[("fr", gettext_lazy("French")), ("en", gettext_lazy("English"))],
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "An ESCO export is in one language. The name in the other language starts as "
            "the same text; you can rename the skills afterwards. Our own layout has both."
        ),
    )
    category = CategoryChoiceField(
        label=gettext_lazy("Category of new skills"),
        queryset=SkillCategory.objects.order_by("position", "slug"),
        required=False,
        empty_label=gettext_lazy("“Imported skills”"),
        help_text=gettext_lazy("Used when the file does not give a category."),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        limit = importing.MAX_FILE_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(max_mb)s MB.") % {"max_mb": limit // (1024 * 1024)}
            )
        return upload
