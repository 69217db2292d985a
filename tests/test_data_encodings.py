"""Which encoding a CSV's bytes are in (``data.encodings``): Excel's code pages as well as
UTF-8 and UTF-16."""

from __future__ import annotations

import pandas as pd
import pytest

from lstmcast.data.encodings import decode

DAYS = pd.date_range("2022-01-01", periods=5)


def rows(fmt: str = "%Y-%m-%d") -> str:
    return "".join(f"{d.strftime(fmt)},{10 + i}\n" for i, d in enumerate(DAYS))


@pytest.mark.parametrize(("header", "encoding", "said"), [
    ("日期,收盘价", "gbk", "read as GBK, as Excel in China writes it"),
    ("日付,おわりね", "shift_jis", "read as Shift-JIS, as Excel in Japan writes it"),
    ("日付,終値", "shift_jis", "read as Shift-JIS"),  # no kana: nor any Windows-1252
    ("Datum,Größe", "cp1252", "read as Windows-1252"),  # 'öß' a pair, but no Chinese word
    ("Date,Prélèvement Crédit", "cp1252", "read as Windows-1252"),
    ("日期,价格", "gbk", "read as GBK"),  # whose bytes read as Hangul too
    ("시점,전국", "cp949", "read as CP949, as Excel in Korea writes it"),  # KOSIS
    ("날짜,매출액 합계", "cp949", "read as CP949"),
    ("Дата;Сумма продаж, руб", "cp1251", "read as Windows-1251, as Excel in Russia or Ukraine"),
    ("Дата;Місяць", "cp1251", "read as Windows-1251"),
    ("Dönem;Şubat Ağustos Kasım", "cp1254", "read as Windows-1254, as Excel in Turkey"),
    ("Dagsetning;Fjöldi þátttakenda æfinga", "cp1252", "read as Windows-1252"),  # Icelandic
    ("Mánuður;Ferðamenn", "cp1252", "read as Windows-1252"),  # Icelandic without 'æ'
])
def test_excel_s_code_pages_are_read_and_said(header, encoding, said):
    """Before, a Chinese Excel's GBK file was read as Windows-1252 (its names garbled) and a
    Japanese one's Shift-JIS refused."""
    text = f"{header}\n{rows()}"
    notes: list[str] = []
    assert decode("x.csv", text.encode(encoding), notes) == text
    assert any(said in note for note in notes)


def test_utf8_is_read_as_written_and_said_nothing():
    notes: list[str] = []
    assert decode("x.csv", f"日期,收盘价\n{rows()}".encode(), notes) == f"日期,收盘价\n{rows()}"
    assert notes == []
