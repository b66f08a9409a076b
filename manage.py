#!/usr/bin/env python
"""Kept for Django tooling; people use the ``sendsight`` command instead."""

from sendsight.cli import main

if __name__ == "__main__":
    main()
