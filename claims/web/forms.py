"""Forms: input validation only; the services decide what happens."""

from dataclasses import fields
from datetime import date

from django import forms
from django.conf import settings
from django.core import validators

from claims.selectors.queue import CLAIM_TYPES, STATUS_CHOICES, QueueFilters
from search.selectors.sources import sources_active

MAX_ID = 2**63 - 1


def record_ids(values) -> list[int]:
    """The values that are record ids (ASCII digits, within a database id's range), in order; others dropped."""
    return [int(v) for v in values if v.isascii() and v.isdigit() and 0 < int(v) <= MAX_ID]


class ArticleForm(forms.Form):
    title = forms.CharField(
        max_length=500, required=False, help_text="Leave empty to use the article's headline."
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}), required=False, strip=False)
    upload = forms.FileField(required=False, help_text=".txt, .html or .md")
    url = forms.URLField(max_length=1000, required=False, label="Article URL", assume_scheme="https")
    source = forms.ModelChoiceField(queryset=sources_active(), required=False)
    published_at = forms.DateField(
        required=False, label="Published on", widget=forms.DateInput(attrs={"type": "date"})
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


class VerdictForm(forms.Form):
    rating = forms.ChoiceField(required=False)
    explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", "— choose a rating —"), *settings.WORKBENCH["VERDICT_RATINGS"]]


class CitationForm(forms.Form):
    document_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    url = forms.URLField(max_length=1000, required=False, assume_scheme="https")
    title = forms.CharField(max_length=500, required=False)
    quote = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("document_id") and not data.get("url"):
            raise forms.ValidationError("Cite a candidate document or give a URL.")
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="What needs to change")


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


class QueueFilterForm(forms.Form):
    """Parses the queue's query string; the template draws the inputs itself. Needs no database."""

    q = forms.CharField(required=False, max_length=300)
    status = forms.ChoiceField(required=False, choices=STATUS_CHOICES)
    source = forms.IntegerField(required=False, min_value=1)
    claim_type = forms.ChoiceField(required=False, choices=[("", "Any type"), *CLAIM_TYPES])
    assignee = forms.RegexField(required=False, regex=r"^(me|none|\d+)$")
    created_from = forms.DateField(
        required=False, validators=[validators.MaxValueValidator(date(9000, 1, 1))]
    )
    created_to = forms.DateField(required=False, validators=[validators.MaxValueValidator(date(9000, 1, 1))])
    score_min = forms.IntegerField(required=False, min_value=0, max_value=100)
    score_max = forms.IntegerField(required=False, min_value=0, max_value=100)
    stale = forms.BooleanField(required=False)

    def filters(self) -> QueueFilters:
        """The valid part of the query; an invalid field is shown as an error and otherwise ignored."""
        self.is_valid()
        data = {
            f.name: self.cleaned_data.get(f.name) for f in fields(QueueFilters) if f.name in self.cleaned_data
        }
        return QueueFilters(**{k: v for k, v in data.items() if v is not None})
