"""The one place the web layer asks what day it is. Pure modules are given the date instead."""

import datetime

from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()


def now() -> datetime.datetime:
    return timezone.now()
