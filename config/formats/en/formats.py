# Dates written out in full ("November 28, 2026"), as the French side does.
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, P"
