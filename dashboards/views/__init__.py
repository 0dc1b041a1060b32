"""Dashboard pages, chart data and the monthly report (read-only)."""
