"""Roster pages, a module per area. Views read through selectors and change through
services only; a broken rule re-shows the page with the service's message, never a 500.
Each module lists its `urlpatterns`; `roster.urls` joins them."""
