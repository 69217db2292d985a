"""An export's details as rows above its first time (``lstmcast.data.details``)."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import load_series

from lstmcast.errors import InputError

HEADER = ("Index,Timestamp (YYYY-MM-DDThh:mm:ss),Event Type,Patient Info,Device Info,"
          "Glucose Value (mg/dL),Insulin Value (u)\n")
DETAILS = ("1,,FirstName,Jane,,,\n2,,LastName,Doe,,,\n3,,DateOfBirth,,,,\n"
           '4,,Device,,"Dexcom G6 Mobile App",,\n')


def clarity(tmp_path, details: str = DETAILS):
    times = pd.date_range("2023-05-01 00:00", periods=60, freq="5min")
    rows = "".join(f"{5 + i},{t:%Y-%m-%dT%H:%M:%S},EGV,,,{100 + i % 7},\n"
                   for i, t in enumerate(times))
    (tmp_path / "clarity.csv").write_text(HEADER + details + rows)
    return tmp_path / "clarity.csv", times


def test_dexcom_clarity_s_patient_and_device_rows_are_dropped_and_said(tmp_path):
    """They were refused: 'time column ... is empty at row 1; fill in the date or delete the
    row'."""
    path, times = clarity(tmp_path)
    panel = load_series(path)
    assert panel.time.equals(times) and panel.target_col == "Glucose Value (mg/dL)"
    assert panel.target[0] == 100
    assert any("dropped 4 row(s) above the first time" in w and "'FirstName'" in w
               for w in panel.warnings)


def test_a_row_with_a_value_but_no_time_is_still_refused(tmp_path):
    """A reading without its time is a missing time, not a detail: never dropped unsaid."""
    path, _ = clarity(tmp_path, DETAILS.replace("3,,DateOfBirth,,,,", "3,,DateOfBirth,,,98,"))
    with pytest.raises(InputError, match="is empty at row 1"):
        load_series(path)
