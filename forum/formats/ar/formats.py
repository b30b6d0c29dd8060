"""Arabic date formats: Django's Arabic locale lacks DATETIME_FORMAT, so dates with a time fell back
to the English "N j, Y, P" (English order and punctuation around Arabic month names). One order,
day month year, and 24-hour times, as the forum's programme shows them."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 6  # Saturday
