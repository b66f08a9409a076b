from django.db import models


class Indicator(models.Model):
    """One measure in the indicator catalogue. ``code`` is the stable id other apps link to."""

    code = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
