"""Built scorecard and dashboard pages are reused until a figure changes, and never shown to
someone who may not see them."""

import pytest
from django.urls import reverse

from core import audit
from core.choices import AuditAction
from indicators import periods, queries, services
from indicators.models import Indicator
from indicators.tests import ui_fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_caches():
    queries.clear_caches()


def test_the_data_version_changes_with_every_figure_target_commentary_and_indicator_change(authority):
    indicator = Indicator.objects.get(code="ehe_children")
    seen = {queries.data_version()}
    services.record_value(indicator=indicator, local_authority=authority, period=periods.month(2025, 10), value=5,
                          by=None)
    seen.add(queries.data_version())
    services.set_target(indicator=indicator, local_authority=authority, baseline_value=10,
                        baseline_date=ui_fixtures.MONTH_END, target_value=5, target_date=ui_fixtures.MONTH_END.replace(
                            year=2026), by=None)
    seen.add(queries.data_version())
    services.add_commentary(indicator=indicator, local_authority=authority, text="Why", by=None)
    seen.add(queries.data_version())
    services.update_indicator(indicator, by=None, title="Children educated at home")  # changed in place
    seen.add(queries.data_version())
    services.set_rag_rule(indicator=indicator, local_authority=authority, basis="target", amber_margin=1, by=None)
    seen.add(queries.data_version())
    services.set_rag_rule(indicator=indicator, local_authority=authority, basis="target", amber_margin=2, by=None)
    seen.add(queries.data_version())
    assert len(seen) == 7


def test_audited_writes_elsewhere_leave_the_built_pages_alone(authority):
    before = queries.data_version()
    audit.record(action=AuditAction.UPDATE, by=None, object_type="cases.request", object_id="1",
                 local_authority=authority)
    audit.record(action=AuditAction.CREATE, by=None, object_type="plans.action", object_id="1")
    assert queries.data_version() == before


def test_a_new_figure_shows_on_the_next_scorecard_and_public_page(client_for, authority):
    client = client_for("board_member")
    waits = Indicator.objects.get(code="adhd_wait_over_52wk")
    services.record_value(indicator=waits, local_authority=authority, period=periods.month(2025, 9), value=480,
                          by=None)
    assert "480" in client.get(reverse("indicators:scorecard", args=["810"])).content.decode()
    assert "480" in client.get(reverse("public:authority", args=["810"])).content.decode()
    services.record_value(indicator=waits, local_authority=authority, period=periods.month(2025, 10), value=455,
                          by=None)
    assert "455" in client.get(reverse("indicators:scorecard", args=["810"])).content.decode()
    assert "455" in client.get(reverse("public:authority", args=["810"])).content.decode()


def test_a_built_scorecard_is_not_reused_for_someone_with_other_rights(client_for, authority):
    ui_fixtures.load(authority)
    analyst = client_for("performance_analyst").get(reverse("indicators:scorecard", args=["810"])).content.decode()
    board = client_for("board_member").get(reverse("indicators:scorecard", args=["810"])).content.decode()
    upload = reverse("indicators:value_upload", args=["810"])
    assert upload in analyst and upload not in board


def test_a_built_scorecard_of_one_authority_is_never_served_for_another(client_for, authority, user_for,
                                                                       other_authority):
    ui_fixtures.load(authority)
    assert client_for("board_member").get(reverse("indicators:scorecard", args=["810"])).status_code == 200
    kent = client_for("board_member", other_authority)
    assert client_for("board_member").get(reverse("indicators:scorecard", args=["886"])).status_code == 404
    html = kent.get(reverse("indicators:scorecard", args=["886"])).content.decode()
    assert other_authority.name in html and authority.name not in html


def test_a_reused_scorecard_reads_only_the_session_rights_and_version(client_for, authority,
                                                                     django_assert_max_num_queries):
    ui_fixtures.load(authority)
    client = client_for("board_member")
    url = reverse("indicators:scorecard", args=["810"]) + "?theme=health"
    client.get(url)
    # session and user 2, session save 3 (once a minute), authority 1, roles 1, data version 1
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
