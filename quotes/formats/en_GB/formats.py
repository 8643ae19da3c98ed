"""British English, with ISO dates in every form and in the admin's lists.

Django's own British formats read "07/01/2025" as 7 January and show dates that way in the
admin's date fields, where an American editor means 1 July: the record takes ISO 8601 alone
(2025-01-07), and shows it. The public pages write dates in words ("4 June 2025") with formats
of their own.
"""

DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M"]
FIRST_DAY_OF_WEEK = 1
