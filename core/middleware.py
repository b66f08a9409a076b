"""Security middleware: the Content Security Policy, and signing out after inactivity."""

import time

from django.conf import settings

POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def content_security_policy(get_response):
    policy = POLICY + ("; upgrade-insecure-requests" if getattr(settings, "HTTPS", False) else "")

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        return response

    return middleware


def session_idle_timeout(get_response):
    """Renew a signed-in session's expiry when it is used, at most once a minute.

    The session then ends SESSION_COOKIE_AGE seconds (30 minutes) after the last activity, give
    or take a minute, without a database write on every page view.
    """
    renew_after = getattr(settings, "SESSION_RENEW_AFTER_SECONDS", 60)

    def middleware(request):
        session = getattr(request, "session", None)
        if session is not None and getattr(request, "user", None) is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get("_renewed_at", 0) >= renew_after:
                session["_renewed_at"] = now  # marks the session modified: saved with a fresh expiry
        return get_response(request)

    return middleware
