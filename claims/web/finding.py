"""/search/: one search box across articles, claims, documents and fact-checks."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.selectors.finding import search_everything


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=500)


@login_required
@require_GET
def search(request):
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "claims/search.html",
        {"q": q, "found": search_everything(user=request.user, q=q), "too_long": bool(form.errors)},
    )
