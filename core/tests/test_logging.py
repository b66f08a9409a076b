import logging

from core.logging import PersonalDataFilter


def make_record(msg, *args):
    return logging.LogRecord("django.server", logging.INFO, __file__, 1, msg, args, None)


def test_query_strings_are_redacted_from_request_lines():
    record = make_record('"%s" %s %s', "GET /cases/810/caseload/?q=Jane+Example&upn=A123 HTTP/1.1", "200", "512")
    PersonalDataFilter().filter(record)
    assert "Jane" not in record.getMessage() and "A123" not in record.getMessage()
    assert "/cases/810/caseload/?[redacted]" in record.getMessage()


def test_messages_without_query_strings_are_unchanged():
    record = make_record("Starting server at %s", "127.0.0.1:8000")
    PersonalDataFilter().filter(record)
    assert record.getMessage() == "Starting server at 127.0.0.1:8000"
