"""Uploads kept between the steps of an import (upload, then match the columns).

The browser cannot send a file again by itself, so the column-mapping step keeps the upload in
storage under ``plans/imports/`` and its path in the person's session. An import that is finished
or started again removes its file; one abandoned half way is removed once it is older than
``MAX_AGE``: whenever anyone starts an import, and by ``sendsight clean_plan_imports`` (daily).
"""

import datetime
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

UPLOAD_DIR = "plans/imports"
MAX_AGE = datetime.timedelta(hours=24)


def keep(content: bytes, file_name: str, *, storage=default_storage) -> str:
    """Store an upload for the next step; returns its path in storage."""
    suffix = ".csv" if file_name.lower().endswith(".csv") else ".xlsx"
    return storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}{suffix}", ContentFile(content))


def is_kept_upload(path: str) -> bool:
    return bool(path) and path.startswith(f"{UPLOAD_DIR}/") and ".." not in path


def discard(path: str, *, storage=default_storage) -> None:
    if is_kept_upload(path):
        storage.delete(path)


def clean_abandoned(*, now: datetime.datetime | None = None, max_age: datetime.timedelta = MAX_AGE,
                    storage=default_storage) -> list[str]:
    """Delete kept uploads older than ``max_age``; returns the paths deleted."""
    now = now or timezone.now()
    try:
        _dirs, files = storage.listdir(UPLOAD_DIR)
    except (FileNotFoundError, NotADirectoryError):
        return []
    deleted = []
    for name in sorted(files):
        path = f"{UPLOAD_DIR}/{name}"
        try:
            modified = storage.get_modified_time(path)
        except (FileNotFoundError, OSError):
            continue  # removed meanwhile by the person's own import
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified)
        if now - modified > max_age:
            storage.delete(path)
            deleted.append(path)
    return deleted
