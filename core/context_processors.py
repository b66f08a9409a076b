from functools import cache

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from .navigation import items_for


def service(request):
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "service_feedback_email": settings.SERVICE_FEEDBACK_EMAIL,
        "nav_items": items_for(user, request.path) if user is not None else [],
        "layout": layout_links(),
    }


@cache
def layout_links() -> dict[str, str]:
    """The URLs every page's header and footer link to: fixed at start-up, so worked out once."""
    return {
        "home": reverse("core:home"),
        "start": reverse("core:start"),
        "sign_out": reverse("core:sign_out"),
        "accessibility": reverse("core:accessibility"),
        "cookies": reverse("core:cookies"),
        "privacy": reverse("core:privacy"),
        "favicon": static("govuk/assets/images/favicon.ico"),
        "stylesheet": static("govuk/govuk-frontend.css"),
        "script": static("core/init.js"),
    }
