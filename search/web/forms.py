"""The source form admins use on the staff page."""

from django import forms

from ..models import Source


class DailyCapOptional:
    """Left empty or out, a source's daily article cap keeps its value (the default for a new source): only
    monitored sources use it, and forms written before it existed need not send it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["daily_article_cap"].required = False

    def clean_daily_article_cap(self):
        value = self.cleaned_data["daily_article_cap"]
        if value is None:
            return self.instance.daily_article_cap or Source._meta.get_field("daily_article_cap").default
        return value


class SourceForm(DailyCapOptional, forms.ModelForm):
    class Meta:
        model = Source
        fields = [
            "name",
            "homepage",
            "domain",
            "kind",
            "reliability",
            "language",
            "feed_url",
            "poll_interval_minutes",
            "active",
            "monitor_claims",
            "daily_article_cap",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean_reliability(self):
        value = self.cleaned_data["reliability"]
        if not 0 <= value <= 1:
            raise forms.ValidationError("Reliability is between 0 (unreliable) and 1 (highly reliable).")
        return value


class DocumentForm(forms.Form):
    """One document added by hand to a source: a report, a release, a transcript."""

    title = forms.CharField(max_length=500)
    url = forms.URLField(
        max_length=1000, assume_scheme="https", help_text="Its address: a document is known by it."
    )
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=2_000_000, label="Text")
    published_at = forms.DateTimeField(required=False, label="Published (YYYY-MM-DD HH:MM)")
    language = forms.CharField(max_length=8, initial="en")

    def clean_body(self):
        body = self.cleaned_data["body"]
        if "\x00" in body:
            raise forms.ValidationError("The text contains NUL characters: paste it as plain text.")
        return body


UPLOAD_LIMIT = 20 * 1024 * 1024


class DocumentUploadForm(forms.Form):
    """A CSV or JSONL file of documents, read by the same importer as `manage.py import_documents`."""

    file = forms.FileField(help_text="CSV or JSONL with title, url, body (text), published_at: up to 20 MB.")
    format = forms.ChoiceField(choices=[("jsonl", "JSON Lines"), ("csv", "CSV")])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_LIMIT:
            raise forms.ValidationError(f"The file has {upload.size:,} bytes; the limit is {UPLOAD_LIMIT:,}.")
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload
