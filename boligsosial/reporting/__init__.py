"""Indicator catalogue, reporting templates and periods, reports with their workflow and values, and their import and export."""
