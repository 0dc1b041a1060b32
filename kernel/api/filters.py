"""Query filters shared by every app's API."""

import django_filters
from django import forms

# The largest id a row can have (BigAutoField on SQLite and PostgreSQL alike).
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A row's id in a query string: a whole number the database can hold.

    Anything else is a 400 with a field error; a plain NumberFilter would pass 1.5 or a
    40-digit number to the database, which answers with an error (a 500).
    """

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
