"""Shapes of staffmgmt's API, a module per area (org, absences), like api/."""
