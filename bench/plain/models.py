from django.db import models


class Item(models.Model):
    """A row to read by an indexed column (no migrations: ``migrate --run-syncdb``)."""

    key = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.key
