"""Loads the shipped DfE reference data: regions, local authorities and statistical neighbours.

Used by the data migration (with historical models) and by ``sendsight load_reference_data``.
Idempotent: rows are matched on their codes and updated in place.
"""

import csv
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent / "reference_data"
NEIGHBOUR_FILES = {"2025": "statistical_neighbours_2025_long.csv", "2021": "statistical_neighbours_2021_long.csv"}


def _rows(name: str):
    with open(REFERENCE_DIR / name, encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def load_reference_data(Region, LocalAuthority, StatisticalNeighbour) -> dict:
    """Load everything; the three model classes are passed in so a migration can use its historical ones."""
    regions = {}
    for row in _rows("dfe_regions.csv"):
        if not row["region_code"].startswith("E12"):
            continue  # Inner and Outer London (E13) are not regions in their own right
        regions[row["region_code"]], _ = Region.objects.update_or_create(
            code=row["region_code"], defaults={"name": row["region_name"]}
        )
    authorities = {}
    for row in _rows("la_lookup_current.csv"):
        sen2_code = row["new_la_code_used_in_sen2_2025"]
        authorities[row["old_la_code"]], _ = LocalAuthority.objects.update_or_create(
            code=row["old_la_code"],
            defaults={
                "ons_code": row["new_la_code"],
                "sen2_ons_code": sen2_code if sen2_code != row["new_la_code"] else "",
                "name": row["la_name"],
                "region": regions[row["region_code"]],
                "kind": row["entity_description"],
            },
        )
    neighbours = 0
    for neighbour_set, file_name in NEIGHBOUR_FILES.items():
        StatisticalNeighbour.objects.filter(neighbour_set=neighbour_set).delete()
        links = []
        for row in _rows(file_name):
            if row["section"] != "current":
                continue
            authority = authorities.get(row["la_number"])
            neighbour = authorities.get(row["neighbour_la_number"])
            if authority is None or neighbour is None:
                continue
            links.append(StatisticalNeighbour(
                neighbour_set=neighbour_set, authority=authority, neighbour=neighbour,
                rank=int(row["rank"]), closeness=row["closeness"],
            ))
        StatisticalNeighbour.objects.bulk_create(links)
        neighbours += len(links)
    return {"regions": len(regions), "authorities": len(authorities), "neighbours": neighbours}
