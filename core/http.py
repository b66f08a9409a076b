"""Small helpers for views."""


def posted(request):
    """The submitted form data on a POST, else None.

    Use ``Form(posted(request))``, never ``Form(request.POST or None)``: an empty POST is falsy,
    so the latter leaves a blank submission unbound and its errors are never shown.
    """
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None
