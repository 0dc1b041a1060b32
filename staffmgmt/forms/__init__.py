"""Forms of staffmgmt's pages, a module per area (org, absences), like views/."""
