"""The source form admins use on the staff page."""

from django import forms

from ..models import Source


class SourceForm(forms.ModelForm):
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
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean_reliability(self):
        value = self.cleaned_data["reliability"]
        if not 0 <= value <= 1:
            raise forms.ValidationError("Reliability is between 0 (unreliable) and 1 (highly reliable).")
        return value
