"""Panels over the other apps' figures, one module per source app (read through its
selectors). Importing a module registers its panels (`dashboards.panels.panel`)."""
