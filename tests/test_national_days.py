"""The nations' days kept on their dates, and the rules that tell their nations
(``lstmcast.national_days``); how the learner uses them: ``test_holidays``."""

from __future__ import annotations

import datetime as dt

from lstmcast.holidays import day_of
from lstmcast.national_days import (
    CANADA_THANKSGIVING,
    EASTER_MONDAY,
    NATIONAL_DAYS,
    US_THANKSGIVING,
    nations_of,
)


def test_a_nation_s_days_are_told_only_by_its_own_rules():
    assert nations_of(()) == set()
    assert nations_of({US_THANKSGIVING, ("date", 7, 4, "sunday")}) == {(6, 19), (7, 4)}
    easter = nations_of({EASTER_MONDAY})  # Boxing Day, Anzac Day, South Africa's; not July 4
    assert {(12, 26), (4, 25), (6, 16), (12, 16)} <= easter and (7, 4) not in easter
    assert nations_of({CANADA_THANKSGIVING}) == {(7, 1), (12, 26)}


def test_every_day_is_a_date_and_every_sign_a_rule_that_closes_a_weekday():
    for (month, day), telling in NATIONAL_DAYS.items():
        assert dt.date(2024, month, day)  # (a leap year: every date exists)
        for rule in telling:
            assert rule[0] in ("weekday", "easter")
            assert day_of(rule, 2024).weekday() < 5
