"""The people page: admins see who uses the workbench, add someone with a role, change a role, deactivate."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from claims import services
from claims.roles import ROLES
from claims.selectors.accounts import people_for_user, person_get_for_user

ROLE_CHOICES = [(role, role) for role in ROLES]


class PersonForm(forms.Form):
    username = forms.CharField(max_length=150)
    email = forms.EmailField(required=False)
    role = forms.ChoiceField(choices=ROLE_CHOICES)
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput,
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(label="Password again", strip=False, widget=forms.PasswordInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", "The two passwords differ.")
        return cleaned


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES)


def _page(request, form: PersonForm, *, status: int = 200):
    context = {"people": people_for_user(user=request.user), "form": form, "roles": ROLES}
    return render(request, "claims/people.html", context, status=status)


@login_required
@permission_required("auth.view_user", raise_exception=True)
def people(request):
    return _page(request, PersonForm())


@login_required
@permission_required("auth.add_user", raise_exception=True)
@require_POST
def person_create(request):
    form = PersonForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            person = services.user_create(
                actor=request.user,
                username=data["username"],
                role=data["role"],
                password=data["password1"],
                email=data["email"],
            )
        except ValidationError as exc:
            field = exc.code if getattr(exc, "code", None) in ("username", "role") else "password1"
            form.add_error(field, exc)
        else:
            messages.success(request, f"{person.username} can now sign in as {data['role']}.")
            return redirect("claims:people")
    return _page(request, form, status=400)


@login_required
@permission_required("auth.change_user", raise_exception=True)
@require_POST
def person_role(request, person_id: int):
    person = person_get_for_user(user=request.user, person_id=person_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the roles: " + ", ".join(ROLES) + ".")
        return redirect("claims:people")
    try:
        services.user_set_role(actor=request.user, user=person, role=form.cleaned_data["role"])
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{person.username} is now {form.cleaned_data['role']}.")
    return redirect("claims:people")


@login_required
@permission_required("auth.change_user", raise_exception=True)
@require_POST
def person_deactivate(request, person_id: int):
    person = person_get_for_user(user=request.user, person_id=person_id)
    try:
        services.user_deactivate(actor=request.user, user=person)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{person.username} can no longer sign in; their API tokens are revoked.")
    return redirect("claims:people")
