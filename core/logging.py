"""Logging filter: request lines lose their query strings, which may carry names or identifiers."""

import logging
import re

QUERY_STRING = re.compile(r"\?[^\s\"']*")


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(QUERY_STRING.sub("?[redacted]", a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = QUERY_STRING.sub("?[redacted]", record.msg)
        return True
