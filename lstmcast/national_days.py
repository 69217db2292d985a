"""The nations' days exchanges keep on their dates (``NATIONAL_DAYS``), and the rules whose
presence among a calendar's tells its nation (``nations_of``): ``holidays`` prefers such a date
over a month's n-th Monday that explains the same skipped days only beside one of them.

A fixed date whose Sunday is made up on the Monday fits its month's n-th Monday over a year of a
Sunday and the next of a Monday (New York's rows of 2021 to mid-2023 learned the 1st Monday of
July and forecast July 4 2023, skipping the 3rd). Colombia moves its holidays to the Monday on
or after their dates (San Pedro's, the Assumption's: the 1st Monday of July and the 3rd of
August in 2021-23), and its rows tie alike: preferring the dates everywhere forecast its
closed Mondays. The telling rules: the US's and Canada's Thanksgivings, Japan's Respect for the
Aged Day, Australia's King's Birthday, and Easter Monday, which Colombia does not keep (for
Boxing Day also Canada's, as Toronto keeps no Easter Monday). Korea's and Singapore's days have
no such sign: their ties stay Monday rules.
"""

from __future__ import annotations

US_THANKSGIVING = ("weekday", 11, 3, 4)
CANADA_THANKSGIVING = ("weekday", 10, 0, 2)
RESPECT_FOR_THE_AGED = ("weekday", 9, 0, 3)  # Japan's
KINGS_BIRTHDAY = ("weekday", 6, 0, 2)  # Australia's
EASTER_MONDAY = ("easter", 1)

# (month, day) of a nation's day: the rules of which one, learned beside it, tells its nation
NATIONAL_DAYS = {
    (6, 19): {US_THANKSGIVING}, (7, 4): {US_THANKSGIVING},  # Juneteenth, Independence Day
    (7, 1): {CANADA_THANKSGIVING},  # Canada Day
    (1, 26): {KINGS_BIRTHDAY}, (4, 25): {KINGS_BIRTHDAY, EASTER_MONDAY},  # Australia, Anzac
    (12, 26): {EASTER_MONDAY, CANADA_THANKSGIVING},  # Boxing Day
    **dict.fromkeys(((2, 11), (2, 23), (4, 29), (11, 3), (11, 23)), {RESPECT_FOR_THE_AGED}),
    **dict.fromkeys(((3, 21), (4, 27), (6, 16), (8, 9), (9, 24), (12, 16)),  # South Africa's
                    {EASTER_MONDAY}),
}


def nations_of(rules) -> set:
    """The NATIONAL_DAYS dates a telling rule of which is among ``rules``."""
    return {day for day, telling in NATIONAL_DAYS.items() if telling.intersection(rules)}
