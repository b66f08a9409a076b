from django.core.management.base import BaseCommand
from django.db import transaction

from core.models import LocalAuthority, Region, StatisticalNeighbour
from core.reference import load_reference_data


class Command(BaseCommand):
    help = "Load or refresh the DfE local authorities, regions and statistical neighbour sets shipped with SENDsight."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = load_reference_data(Region, LocalAuthority, StatisticalNeighbour)
        self.stdout.write(f"{counts['authorities']} local authorities in {counts['regions']} regions, "
                          f"{counts['neighbours']} statistical neighbour links")
