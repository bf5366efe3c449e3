# 26 نوفمبر 2026، 14:30 (day, Arabic month name, year, read right to left)
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = DATE_FORMAT
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
