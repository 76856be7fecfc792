"""The rules of the Coordinated Access System, in plain Python.

Nothing in this package imports Frappe: every decision (household type, date checks, scoring,
due items, prioritization...) is a function of plain values, so it is tested in milliseconds and
the controllers, reports and scheduler jobs all ask the same code.
"""
