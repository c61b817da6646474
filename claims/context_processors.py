"""Template context every workbench page needs: the user's role and what they may do."""

from .roles import role_of


def workbench(request):
    user = request.user
    return {
        "user_role": role_of(user) if user.is_authenticated else None,
        "can_review": user.is_authenticated and user.has_perm("claims.review_verdict"),
        "can_manage_sources": user.is_authenticated and user.has_perm("search.change_source"),
    }
