import pytest

from core.models import LocalAuthority, Region, StatisticalNeighbour

pytestmark = pytest.mark.django_db


def test_a_fresh_database_knows_every_english_authority_by_dfe_and_ons_code():
    assert LocalAuthority.objects.count() == 153
    kent = LocalAuthority.objects.get(code="886")
    assert (kent.name, kent.ons_code, kent.region.name) == ("Kent", "E10000016", "South East")
    assert LocalAuthority.objects.filter(region__code="E12000007").count() == 33  # London
    assert Region.objects.count() == 9


def test_authorities_whose_sen2_code_differs_keep_both_codes():
    sheffield = LocalAuthority.objects.get(code="373")
    assert (sheffield.ons_code, sheffield.sen2_ons_code) == ("E08000039", "E08000019")


@pytest.mark.parametrize(("neighbour_set", "rank", "code", "closeness"), [
    ("2025", 1, "881", "Very Close"),   # Essex
    ("2025", 2, "845", None),           # East Sussex
    ("2025", 10, "933", None),          # Somerset
    ("2021", 1, "881", "Extremely Close"),
    ("2021", 3, "866", None),           # Swindon
])
def test_kents_statistical_neighbours_are_as_dfe_publishes_them(neighbour_set, rank, code, closeness):
    link = StatisticalNeighbour.objects.get(neighbour_set=neighbour_set, authority__code="886", rank=rank)
    assert link.neighbour.code == code
    if closeness:
        assert link.closeness.lower() == closeness.lower()


def test_every_current_authority_has_ten_neighbours_in_the_2025_set():
    counts = {la.code: la.neighbour_links.filter(neighbour_set="2025").count() for la in LocalAuthority.objects.all()}
    assert set(counts.values()) == {10}


def test_loading_the_reference_data_again_changes_nothing(django_db_blocker):
    from django.core.management import call_command

    before = (LocalAuthority.objects.count(), StatisticalNeighbour.objects.count())
    call_command("load_reference_data")
    assert (LocalAuthority.objects.count(), StatisticalNeighbour.objects.count()) == before
