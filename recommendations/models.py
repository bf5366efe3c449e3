"""Recommendations drafted by rapporteurs, adopted by the plenary and published by the secretariat."""
