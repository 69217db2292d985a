"""The strftime formats a time column is tried with (``dates``): each is kept only if it parses
every value, and of several that do, the reading that gives a sorted, regular series wins."""

import functools
import re

import pandas as pd

from ..calendar import ISO, SDMX_QUARTERS, STEPS
from .columns import norm
from .fiscal import FINANCIAL
from .numbers import DIRECTION_MARKS, NATIVE_DIGITS
from .periods import (
    DECIMAL_YEARS,
    EXCEL_DAYS,
    HALF_YEARS,
    ISO_WEEKS,
    NUMBERED_YEARS,
    QUARTERS,
    week_formats,
)

DATE_FORMATS = (
    "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f",
    "%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y.%m.%d", "%Y-%m", "%Y/%m", "%Y%m%d",
    "%Y%m%d %H%M%S", "%Y%m%d %H:%M:%S", "%Y%m%d%H", "%Y%m%d%H%M",  # the DWD's '2023010100'
    "%d-%m-%y", "%m-%d-%y", "%d-%m-%Y", "%m-%d-%Y",
    "%d/%m/%Y", "%m/%d/%Y", "%d/%m/%y", "%m/%d/%y",
    "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p", "%d/%m/%Y %I:%M %p", "%d/%m/%Y %I:%M:%S %p",
    "%m/%d/%Y %I %p",  # the EIA's hours ('3/1/2024 1 a.m. EST')
    "%m-%d-%Y %I:%M %p", "%d-%m-%Y %I:%M %p",  # FreeStyle Libre's '05-01-2023 12:07 AM'
    # a logger's two-digit years (HOBOware's '03/01/24 02:00:00 PM')
    "%m/%d/%y %I:%M %p", "%m/%d/%y %I:%M:%S %p", "%d/%m/%y %I:%M %p", "%d/%m/%y %I:%M:%S %p",
    "%d/%m/%y %H:%M", "%m/%d/%y %H:%M", "%d/%m/%y %H:%M:%S", "%m/%d/%y %H:%M:%S",
    "%Y-%m-%d %I:%M %p", "%Y-%m-%d %I:%M:%S %p",
    # Korean, Chinese and Japanese Excel's '2023-01-01 오후 1:00:00' ('PM', before the time)
    "%Y-%m-%d %p %I:%M:%S", "%Y-%m-%d %p %I:%M", "%Y/%m/%d %p %I:%M:%S", "%Y/%m/%d %p %I:%M",
    "%d.%m.%Y", "%d.%m.%y", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M:%S.%f",
    "%Y.%m.%d %H:%M",
    "%Y.%m.%d %H:%M:%S", "%d-%m-%Y %H:%M", "%m-%d-%Y %H:%M", "%d-%m-%Y %H:%M:%S",
    "%m-%d-%Y %H:%M:%S", "%d %m %Y", "%m %d %Y", "%d %m %Y %H:%M", "%m %d %Y %H:%M",
    "%d-%b-%Y", "%d-%b-%y", "%d %b %Y", "%d %b %y", "%b %d, %Y", "%b %d %Y", "%d %B %Y",
    "%d-%B-%Y", "%d-%B-%y", "%d/%b/%Y", "%b. %d, %Y", "%d %b '%y",  # BSE's '28-June-2024'
    "%a, %b %d, %Y",  # Excel's 'Mon, Jan 15, 2024'
    "%d-%b-%Y %H:%M", "%d-%b-%Y %H:%M:%S",  # QS Access's '05-Jan-2024 00:00'
    "%b %d, %Y %H:%M:%S.%f", "%b %d, %Y %H:%M:%S",  # Kibana's 'Feb 10, 2024 @ 23:00:00.000'

    "%B %d, %Y",
    "%a, %d %b %Y", "%a %d %b %Y", "%A, %B %d, %Y", "%A %d %B %Y",
    "%d%b%Y", "%d%b%Y:%H:%M:%S",  # SAS's DATE9. ('01JAN2023') and DATETIME20.
    "%b %d, %Y, %I:%M:%S %p",  # Strava's 'Jan 5, 2023, 7:51:00 AM'
    "Week of %b %d, %Y", "Week of %B %d, %Y", "Week of %Y-%m-%d",  # analytics exports' weeks
    "%Y年%m月%d日", "%Y年%m月", "%Y년 %m월 %d일",  # Japanese and Chinese exports, Korean
    "%b-%y", "%b-%Y", "%b %Y", "%b %y", "%Y-%b", "%B %Y", "%YM%m", "%m/%Y", "%m.%Y", "%m-%Y",
    "%Y:%m",  # the BEA's months (2019:12)
    "%Y %b",
)


@functools.cache
def needed_characters(fmt: str) -> frozenset[str]:
    """The characters, case-folded, of a strftime ``fmt``'s text outside its directives, but
    white space: a value it reads holds each (pandas matches them case-insensitively, and a
    space as any run of white space); none of a reader of our own (no '%'). The test costs
    microseconds where pandas costs a millisecond a format, and a column is tried on 130."""
    if "%" not in fmt:
        return frozenset()
    return frozenset(re.sub(r"%.", lambda m: "%" * (m[0] == "%%"), fmt).casefold()) - set(
        " \t\n\r\f\v")


def holds(value, need: frozenset[str]) -> bool:
    """Whether ``value`` holds every character ``need``s (``needed_characters``)."""
    return need <= set(str(value).casefold())


# Finam's and MetaStock's six digits, '230717' and '170723', in a column named like a date only
# (a time's HHMMSS, a code are six digits too): the reading sorted and regular wins
SIX_DIGITS = ("%y%m%d", "%d%m%y")

# Notations the formats above read once made plainer (``plain_dates``)
_WEEKDAY_AFTER = re.compile(r"\s*[(（]\s*(?:[月火水木金土日]|(?i:mon|tue|wed|thu|fri|sat|sun|mo|tu|"
                            r"we|th|fr|sa|su)\.?)\s*[)）]$")  # not a zone's '(EDT)'
_ORDINAL_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")  # 'Sep 1st, 2022'
_SPACED_MERIDIEM = re.compile(r"(?i)\b([ap])\.\s+m\.")  # Spanish Windows' '1:00:00 p. m.'
_DOTTED_DAY = re.compile(r"^(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?$")  # Korean '2022. 8. 1.'
# SAP's posting periods, three digits and the year: '001.2021' is January 2021
_POSTING_PERIOD = re.compile(r"^0(\d\d)\.(\d{4})$")
# a week's end said before its date, as retail and UK statistics write weeks: 'w/e 02/01/2021'
_WEEK_ENDING = re.compile(r"(?i)^\s*(?:w/e|w\.e\.|week\s+ending|week\s+ended)\s*:?\s*(?=\d)")
_KIBANA_AT = re.compile(r"(?<=\d{4}) @ (?=\d)")  # 'Feb 10, 2024 @ 23:00:00.000'
# A Japanese era's year ('平成28年1月', '令和元年5月': its first year) as the Gregorian year
_ERA = re.compile(r"(明治|大正|昭和|平成|令和)(元|\d{1,2})年")
_ERA_START = {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019}


def _gregorian(era: re.Match) -> str:
    return f"{_ERA_START[era[1]] + (0 if era[2] == '元' else int(era[2]) - 1)}年"


# A weekday's short name in any language before a date of numbers, as LibreOffice's German
# 'NN, TT.MM.JJ' writes it ('Mi, 01.03.23'), which %a reads in English alone
_WEEKDAY_BEFORE = re.compile(r"^[^\W\d_]{2,9}\.?,?\s+(?=\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:$|\s))")
# Excel's long dates in German, Spanish, French, Dutch once their months read in English
# ('Montag, 15. Januar 2024', '15 de enero de 2024'): their weekday, the day's dot, the 'de's
_LONG_DATE = re.compile(r"^(?:[^\W\d_]+,?\s+)?(\d{1,2})\.?\s+(?:de\s+)?([A-Z][a-z]{2})\s+(?:de\s+)?"
                        r"(\d{4})$")
# A zone's abbreviation in brackets after a time, as ENTSO-E marks the times next to a clock
# change and the hour the clocks repeat ('29.10.2023 02:00 (CEST)', then '... 02:00 (CET)')
_ZONE_MARK = re.compile(r"\s+\((?:[A-Z]{3,5}|UTC[+-]\d{1,2}(?::?\d\d)?)\)$")
# A date posted later than it took effect, as Schwab writes a back-dated transaction's: the
# date it took effect is the row's
_AS_OF = re.compile(r"^.*\S\s+as of\s+(?=\S)")
# A year of the Buddhist Era (2443-2643: 1900-2100) in a date of day, month and year, first or
# last, or of a month and year, as Thai exports write them ('05/01/2567' is 5 January 2024,
# '01/2562' January 2019; the SET's and the Bank of Thailand's); not a year-month otherwise
# ('2501-01', '01.2566': codes as likely as months of 1958 and 2023)
_BE = r"24[4-9]\d|25\d\d|26[0-4]\d"
_BUDDHIST_YEAR = re.compile(
    rf"^(?:(?P<first>{_BE})(?=[-/.](?:0?[1-9]|1[0-2])[-/.]\d{{1,2}}(?:$|[ T]))|"
    rf"(?P<head>\d{{1,2}}[-/. ](?:0?[1-9]|1[0-2]|[A-Za-z]{{3,9}})[-/. ]|(?:0?[1-9]|1[0-2])/)"
    rf"(?P<last>{_BE})"
    r"(?=$|[ T]))")


# A year of the Republic of China's calendar (Minguo), as Taiwan's exchange writes its dates:
# '113/06/28' is 28 June 2024 (its three-digit years, 2011 on: two digits are another's)
_MINGUO_YEAR = re.compile(r"^(?P<year>1[0-4]\d)(?=/(?:0?[1-9]|1[0-2])/\d{1,2}$)")


def _gregorian_of_minguo(date: re.Match) -> str:
    return str(int(date["year"]) + 1911)


def reading_note(cells: pd.Series) -> str:
    """What the time column's note adds where its (distinct) cells write years of the
    Buddhist Era or of the Republic of China, or a date back-dated ('as of')."""
    first = str(cells.iloc[0])
    return ("; years of the Buddhist Era (2567 is 2024)" if _BUDDHIST_YEAR.match(first) else
            "; years of the Republic of China (113 is 2024)" if _MINGUO_YEAR.match(first) else
            "") + ("; a date 'as of' another read as the one it took effect ('06/28/2024 as of "
                   "06/27/2024' is 06/27/2024)" if cells.str.contains(" as of ", regex=False)
                                                     .any() else "")


def _christian(date: re.Match) -> str:
    return f"{date['head'] or ''}{int(date['first'] or date['last']) - 543}"


_MERIDIEM_WORDS = {"오전": "AM", "오후": "PM", "上午": "AM", "下午": "PM",
                   "午前": "AM", "午後": "PM"}
_MERIDIEM = re.compile("|".join(_MERIDIEM_WORDS))



def plain_dates(cells: pd.Series) -> pd.Series:
    """``cells`` with what no strftime format reads taken out or written as one does: a
    weekday in brackets after a Japanese date ('2022/09/01(木)') or named before a date of
    numbers ('Mi, 01.03.23'), an ordinal day ('1st'),
    'p. m.' for 'p.m.', Korean Excel's '2022. 8. 1.' as '2022-8-1', a week's end said before
    its date ('w/e 02/01/2021', 'Week ending 2021-01-02'), SAP's posting period '001.2021'
    as the month '01.2021', Kibana's '@' between a date and its time, Korean, Chinese and
    Japanese words for AM and PM ('오후', '下午', '午後') as those, a Japanese era's years
    ('平成28年1月'), the Buddhist Era's ('05/01/2567') and Taiwan's ('113/06/28') as Gregorian
    ones, marks of writing
    direction around a date copied from a Hebrew or Arabic page, a back-dated date ('06/28/2024
    as of 06/27/2024', Schwab's) as the one it took effect, Arabic-Indic and Persian
    digits as ASCII's, the star that marks a provisional period (CBS StatLine's
    '2023 augustus*', as its values' '992.1*'), a zone's mark in brackets ('02:00 (CEST)')."""
    if cells.str.contains(" as of ", regex=False).any():  # a few rows: Schwab's back-dated
        cells = cells.str.replace(_AS_OF, "", regex=True)  # '06/28/2024 as of 06/27/2024'
    if cells.str.contains(" (", regex=False).any():  # ENTSO-E's, around a clock change
        cells = cells.str.replace(_ZONE_MARK, "", regex=True)
    if cells.str.endswith("*").any():  # on the last periods: the first cell does not tell
        cells = cells.str.replace(r"\s*\*+$", "", regex=True)
    if cells.str.contains("[٠-٩۰-۹]").any():  # Arabic-Indic or Persian digits: '٢٠٢٣-٠١-٠٥'
        cells = cells.str.translate(NATIVE_DIGITS)
    first = str(cells.iloc[0]) if len(cells) else ""
    if first[:1] in DIRECTION_MARKS or first[-1:] in DIRECTION_MARKS:  # a Hebrew page's dates
        cells, first = cells.str.strip(DIRECTION_MARKS), first.strip(DIRECTION_MARKS)
    for pattern, to in ((_WEEKDAY_AFTER, ""), (_WEEKDAY_BEFORE, ""), (_ORDINAL_DAY, r"\1"),
                        (_SPACED_MERIDIEM, r"\1.m."), (_DOTTED_DAY, r"\1-\2-\3"),
                        (_WEEK_ENDING, ""),
                        (_POSTING_PERIOD, r"\1.\2"), (_KIBANA_AT, " "), (_ERA, _gregorian),
                        (_BUDDHIST_YEAR, _christian), (_MINGUO_YEAR, _gregorian_of_minguo),
                        (_LONG_DATE, r"\1 \2 \3"),
                        (_MERIDIEM, lambda m: _MERIDIEM_WORDS[m.group()])):
        if pattern.search(first):  # the first cell tells: no scan of a column that has none
            cells = cells.str.replace(pattern, to, regex=True)
    return cells


def reads_as_a_date(text: str) -> bool:
    """Whether ``text`` reads as a date written some way ('03/07/2024'), not 'n.a.'."""
    try:
        return not pd.isna(pd.Timestamp(text))
    except (ValueError, TypeError, OverflowError):
        return False


def zero_padded(values: pd.Series, formats: list[str]) -> list[str]:
    """``formats`` but the compact ones ('%Y%m%d%H') whose zero-padded fields are not as many
    digits as every value: '20241202' (stooq's, its time in another column) is no '%Y%m%d%H'
    of 2024-01-20 02:00, nor '2022244' one of 2022-02-04 04:00."""
    digits = values.str.len()
    if digits.nunique() != 1 or not values.str.isdigit().all():
        return formats
    return [f for f in formats if not re.fullmatch(r"(?:%[YmdHMS])+", f)
            or len(f) + 2 * f.count("%Y") == digits.iloc[0]]


def swapped_day_month(fmt: str) -> str | None:
    """``fmt`` with its day and month swapped ('%d/%m/%Y' for '%m/%d/%Y'), or None."""
    if "%d" in fmt and "%m" in fmt:
        return fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
    return None


def described(fmt: str) -> str:
    """A format for people: 'day-first', 'month-first', else itself."""
    if fmt.startswith("%d"):
        return "day-first"
    if fmt.startswith(("%m", "%b", "%B")):
        return "month-first"
    return fmt


YEAR_ONLY = "%Y"  # only for columns named like a date: plain integers are not dates otherwise
ISO_WEEK_DATES = "%G-W%V-%u"  # ISO 8601's days as week dates ('2023-W05-3'), after its weeks


def candidate_formats(named_like_date: bool, colname: str = "") -> tuple[str, ...]:
    """The formats a time column named ``colname`` is tried with, in order of preference;
    years, steps and Excel's days only in a column ``named_like_date``."""
    # Bare years before ISO 8601, which reads them too (forecasts are written back: 2013, not
    # 2013-01-01); Excel's serials named like a date only (a 'Day Volume' of 5 digits is none).
    excel = ((EXCEL_DAYS,) if {"date", "datetime", "datum", "fecha", "timestamp",
                               "zeitstempel"} & set(norm(colname).split()) else ())
    months = ("%Y%m", "%b%Y") if named_like_date or norm(colname) in (  # SAS's 'JAN1960'
        "yyyymm", "yearmonth", "month", "monat", "mes", "mois", "period", "periode") else ()
    return (*DATE_FORMATS, *months, SDMX_QUARTERS, QUARTERS, HALF_YEARS, ISO_WEEKS, ISO_WEEK_DATES,
            *week_formats(colname),
            *((YEAR_ONLY, DECIMAL_YEARS, NUMBERED_YEARS, STEPS, *excel, *FINANCIAL, *SIX_DIGITS)
              if named_like_date else ()), ISO)
