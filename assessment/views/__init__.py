"""assessment's pages: a cadre's (cadre.py) and managers' and leaders' (manage.py)."""
