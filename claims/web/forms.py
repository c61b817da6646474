"""Forms: input validation only; the services decide what happens.

Every field a page posts goes through one of these. Django's CharField refuses NUL characters (which
PostgreSQL cannot store) with "Null characters are not allowed."; ids, numbers and dates are range-checked
here, so a bad value is a 400 with its reason before any service runs.
"""

from dataclasses import fields
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.forms import NON_FIELD_ERRORS
from django.utils import timezone

from claims.models import Stance
from claims.selectors.articles import ArticleFilters
from claims.selectors.queue import CLAIM_TYPES, STATUS_CHOICES, QueueFilters
from search.selectors.sources import sources_active

MAX_ID = 2**63 - 1
EARLIEST_PUBLISHED = date(1800, 1, 1)


def problems(form) -> list[str]:
    """The form's errors as sentences a person can act on: "Note: Null characters are not allowed."."""
    said = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = "" if name == NON_FIELD_ERRORS or field is None else (field.label or name.replace("_", " "))
        said += [f"{label[:1].upper()}{label[1:]}: {error}" if label else error for error in errors]
    return said


class SaysFieldErrorsAtTheTop:
    """For forms whose template shows only non_field_errors: each field's error is repeated there, labelled.

    `said_at_the_top` names the fields it does this for (None: all), when the template shows the others'.
    """

    said_at_the_top: tuple[str, ...] | None = None

    def _post_clean(self):
        super()._post_clean()
        for name, errors in list(self.errors.items()):
            if name != NON_FIELD_ERRORS and (self.said_at_the_top is None or name in self.said_at_the_top):
                label = self.fields[name].label or name.replace("_", " ").capitalize()
                for error in errors:
                    self.add_error(None, f"{label}: {error}")


def _not_in_the_future(value: date) -> None:
    if value > timezone.localdate() + timedelta(days=7):
        raise ValidationError("That date is in the future: give the day the article was published.")


def record_ids(values) -> list[int]:
    """The values that are record ids (ASCII digits, within a database id's range), in order; others dropped."""
    return [int(v) for v in values if v.isascii() and v.isdigit() and 0 < int(v) <= MAX_ID]


class ArticleForm(SaysFieldErrorsAtTheTop, forms.Form):
    said_at_the_top = ("title", "source", "published_at")  # the template shows the others' errors by them

    title = forms.CharField(
        max_length=500, required=False, help_text="Leave empty to use the article's headline."
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}), required=False, strip=False)
    upload = forms.FileField(required=False, help_text=".txt, .html or .md")
    url = forms.URLField(max_length=1000, required=False, label="Article URL", assume_scheme="https")
    source = forms.ModelChoiceField(queryset=sources_active(), required=False)
    published_at = forms.DateField(
        required=False,
        label="Published on",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validators.MinValueValidator(EARLIEST_PUBLISHED), _not_in_the_future],
    )

    ALLOWED_UPLOADS = (".txt", ".html", ".htm", ".md")

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload:
            if not upload.name.lower().endswith(self.ALLOWED_UPLOADS):
                raise forms.ValidationError("Upload a .txt, .html or .md file.")
            limit = settings.WORKBENCH["ARTICLE_MAX_BYTES"]
            if upload.size > limit:
                raise forms.ValidationError(f"The file is larger than the limit of {limit // 1024} KB.")
            raw = upload.read()
            if b"\x00" in raw[:8192]:
                raise forms.ValidationError(
                    "That file is binary, not text; upload the article as .txt, .html or .md."
                )
            try:
                data["text"] = raw.decode("utf-8")
            except UnicodeDecodeError:
                data["text"] = raw.decode("latin-1")
            data["html"] = upload.name.lower().endswith((".html", ".htm"))
        data["fetch"] = not (data.get("text") or "").strip() and bool(data.get("url"))
        if not data["fetch"] and not (data.get("text") or "").strip():
            raise forms.ValidationError(
                "Paste the article's text, upload a file or give its URL: the article is empty."
            )
        return data


class VerdictForm(SaysFieldErrorsAtTheTop, forms.Form):
    rating = forms.ChoiceField(required=False)
    explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=50_000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_ID)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", "— choose a rating —"), *settings.WORKBENCH["VERDICT_RATINGS"]]


class BlindReviewForm(VerdictForm):
    """A second fact-checker's blind rating; its note is kept to 300 characters (BlindReview.note)."""

    explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=300)


class CitationForm(SaysFieldErrorsAtTheTop, forms.Form):
    document_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    url = forms.URLField(max_length=1000, required=False, assume_scheme="https")
    title = forms.CharField(max_length=500, required=False)
    quote = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=10_000)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=10_000)

    def clean(self):
        data = super().clean()
        if not data.get("document_id") and not data.get("url"):
            raise forms.ValidationError("Cite a candidate document or give a URL.")
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="What needs to change", max_length=10_000
    )


class ReviewEditForm(forms.Form):
    """An editor's small edit of a submitted verdict's explanation, with the version the page was loaded at."""

    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), label="Explanation", max_length=20_000
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)


class CorrectionForm(forms.Form):
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="What was wrong and what changed (shown to readers)"
    )
    rating = forms.ChoiceField(required=False, label="New rating")
    new_explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        label="Corrected explanation (leave empty to keep it)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", "— keep the rating —"), *settings.WORKBENCH["VERDICT_RATINGS"]]


class RetractionForm(forms.Form):
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Why it is retracted (shown to readers)"
    )


class FiltersFromQuery:
    """A list page's query string read into its filters dataclass (`filters_class`)."""

    filters_class: type

    def filters(self):
        """The valid part of the query; an invalid field is shown as an error and otherwise ignored."""
        self.is_valid()
        names = [f.name for f in fields(self.filters_class) if f.name in self.cleaned_data]
        data = {name: self.cleaned_data[name] for name in names}
        return self.filters_class(**{k: v for k, v in data.items() if v is not None})


class QueueFilterForm(FiltersFromQuery, forms.Form):
    """Parses the queue's query string; the template draws the inputs itself. Needs no database."""

    q = forms.CharField(required=False, max_length=300)
    status = forms.ChoiceField(required=False, choices=STATUS_CHOICES)
    source = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    claim_type = forms.ChoiceField(required=False, choices=[("", "Any type"), *CLAIM_TYPES])
    assignee = forms.RegexField(required=False, regex=r"^(me|none|\d+)$")
    created_from = forms.DateField(
        required=False, validators=[validators.MaxValueValidator(date(9000, 1, 1))]
    )
    created_to = forms.DateField(required=False, validators=[validators.MaxValueValidator(date(9000, 1, 1))])
    score_min = forms.IntegerField(required=False, min_value=0, max_value=100)
    score_max = forms.IntegerField(required=False, min_value=0, max_value=100)
    stale = forms.BooleanField(required=False)

    filters_class = QueueFilters


class ArticleFilterForm(FiltersFromQuery, forms.Form):
    """Parses the article list's query string; an invalid field is said and otherwise ignored."""

    q = forms.CharField(required=False, max_length=300)
    source = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    mine = forms.BooleanField(required=False)
    added_from = forms.DateField(required=False, validators=[validators.MaxValueValidator(date(9000, 1, 1))])
    added_to = forms.DateField(required=False, validators=[validators.MaxValueValidator(date(9000, 1, 1))])
    open_only = forms.BooleanField(required=False)

    filters_class = ArticleFilters


class ClaimEditForm(forms.Form):
    text = forms.CharField(label="Wording", max_length=5_000)


class ClaimSplitForm(forms.Form):
    at = forms.IntegerField(
        label="Split at", min_value=1, max_value=5_000, error_messages={"required": "Choose where to split."}
    )


class EvidenceMarkForm(forms.Form):
    document_id = forms.IntegerField(label="Document", min_value=1, max_value=MAX_ID)
    # "note": Enter in the note field, which saves the note alone; "clear": the mark removed.
    stance = forms.ChoiceField(choices=[*Stance.choices, ("clear", "Clear"), ("note", "Save note")])
    note = forms.CharField(required=False, max_length=10_000)


class CorpusSearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=500)


class DecisionForm(forms.Form):
    """Which button was pressed (an editor's approve/return, a match's confirm/reject), and an optional reason."""

    decision = forms.CharField(required=False, max_length=20)
    reason = forms.CharField(required=False, max_length=300)


class QueueBulkForm(forms.Form):
    """The bulk bar: which action, for whom, and why. Which claims is read by record_ids."""

    action = forms.CharField(required=False, max_length=20)
    assignee = forms.RegexField(required=False, regex=r"^(me|[0-9]{1,18})$", max_length=18)
    reason = forms.CharField(
        required=False, max_length=1_000
    )  # the service allows 300 once spaces are folded
    original = forms.RegexField(required=False, regex=r"^#?[0-9]{1,18}$", label="Claim to keep")
    query = forms.CharField(required=False, max_length=2_000)
