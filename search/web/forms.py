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
