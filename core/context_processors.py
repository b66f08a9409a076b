from django.conf import settings

from .navigation import items_for


def service(request):
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "service_feedback_email": settings.SERVICE_FEEDBACK_EMAIL,
        "nav_items": items_for(user, request.path) if user is not None else [],
    }
