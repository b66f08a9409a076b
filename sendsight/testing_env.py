"""Loaded by pytest before Django (``-p sendsight.testing_env``): tests run in test mode."""

import os

os.environ.setdefault("SENDSIGHT_MODE", "test")
