"""Dates in one form per language (settings.FORMAT_MODULE_PATH): day, month name, year, in each language's order,
so no page shows "11/26/2026" beside "Nov. 26, 2026". Input formats stay Django's."""
