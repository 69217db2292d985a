"""The strftime formats a time column is tried with (``dates``): each is kept only if it parses
every value, and of several that do, the reading that gives a sorted, regular series wins."""

DATE_FORMATS = (
    "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f",
    "%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y.%m.%d", "%Y-%m", "%Y/%m", "%Y%m%d",
    "%Y%m%d %H%M%S", "%Y%m%d %H:%M:%S",
    "%d-%m-%y", "%m-%d-%y", "%d-%m-%Y", "%m-%d-%Y",
    "%d/%m/%Y", "%m/%d/%Y", "%d/%m/%y", "%m/%d/%y",
    "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p", "%d/%m/%Y %I:%M %p", "%d/%m/%Y %I:%M:%S %p",
    "%m/%d/%Y %I %p",  # the EIA's hours ('3/1/2024 1 a.m. EST')
    # a logger's two-digit years (HOBOware's '03/01/24 02:00:00 PM')
    "%m/%d/%y %I:%M %p", "%m/%d/%y %I:%M:%S %p", "%d/%m/%y %I:%M %p", "%d/%m/%y %I:%M:%S %p",
    "%d/%m/%y %H:%M", "%m/%d/%y %H:%M", "%d/%m/%y %H:%M:%S", "%m/%d/%y %H:%M:%S",
    "%Y-%m-%d %I:%M %p", "%Y-%m-%d %I:%M:%S %p",
    "%d.%m.%Y", "%d.%m.%y", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M:%S.%f",
    "%Y.%m.%d %H:%M",
    "%Y.%m.%d %H:%M:%S", "%d-%m-%Y %H:%M", "%m-%d-%Y %H:%M", "%d-%m-%Y %H:%M:%S",
    "%m-%d-%Y %H:%M:%S", "%d %m %Y", "%m %d %Y", "%d %m %Y %H:%M", "%m %d %Y %H:%M",
    "%d-%b-%Y", "%d-%b-%y", "%d %b %Y", "%d %b %y", "%b %d, %Y", "%b %d %Y", "%d %B %Y",
    "%B %d, %Y",
    "%a, %d %b %Y", "%a %d %b %Y", "%A, %B %d, %Y", "%A %d %B %Y",
    "%d%b%Y",  # SAS's DATE9. ('01JAN2023')
    "%b %d, %Y, %I:%M:%S %p",  # Strava's 'Jan 5, 2023, 7:51:00 AM'
    "Week of %b %d, %Y", "Week of %B %d, %Y", "Week of %Y-%m-%d",  # analytics exports' weeks
    "%Y年%m月%d日", "%Y年%m月", "%Y년 %m월 %d일",  # Japanese and Chinese exports, Korean
    "%b-%y", "%b-%Y", "%b %Y", "%b %y", "%Y-%b", "%B %Y", "%YM%m", "%m/%Y", "%m.%Y", "%m-%Y",
    "%Y %b",
)
