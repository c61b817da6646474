"""Forms: input validation only; the services decide what happens."""

from django import forms
from django.conf import settings

from search.selectors.sources import sources_active


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
