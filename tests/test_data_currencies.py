"""An amount written as its currency, then its number without a heading
(``lstmcast.data.currencies``): DEGIRO's account statement."""

from __future__ import annotations

import pandas as pd
from helpers import load_series

from lstmcast.data.currencies import amounts_beside_currencies


def test_degiro_s_balance_is_read_under_its_heading(tmp_path):
    """'Change,,Balance,' over 'EUR,-72.50,EUR,2862.60': '--target Balance' said 'has text
    EUR', the numbers under 'Unnamed: 10'."""
    days = pd.bdate_range("2024-01-02", periods=40)[::-1]
    path = tmp_path / "Account.csv"
    path.write_text("Date,Time,Product,Description,FX,Change,,Balance,,Order Id\n" + "".join(
        f"{d:%d-%m-%Y},11:52,APPLE INC,Buy 1,,EUR,-{i}.50,EUR,{3000 - i}.60,x{i}\n"
        for i, d in enumerate(days)))
    s = load_series(path, target="Balance")
    assert s.target[-1] == 3000.6 and s.time[-1] == days[0]
    assert any("read under 'Change', 'Balance'" in n for n in s.notes)


def test_a_column_of_codes_beside_a_named_one_or_of_words_is_left_alone():
    frame = pd.DataFrame({"ccy": ["EUR", "USD"], "rate": ["1.1", "1.2"]})  # named both
    assert amounts_beside_currencies(frame, []) is frame
    words = pd.DataFrame({"Note": ["EUR", "later"], "Unnamed: 1": ["1", "2"]})
    assert amounts_beside_currencies(words, []) is words
