"""Which encoding a CSV's bytes are in (``data.encodings``): Excel's code pages as well as
UTF-8 and UTF-16."""

from __future__ import annotations

import pandas as pd
import pytest

from lstmcast.data.encodings import decode
from lstmcast.errors import InputError

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
    ("日期,成交股數,開盤價,收盤價", "cp950", "read as Big5, as Excel in Taiwan"),  # TWSE's
    ("Ημερομηνία;Τιμή κλεισίματος", "cp1253", "read as Windows-1253, as Excel in Greece"),
    ("ΗΜΕΡΟΜΗΝΙΑ;ΚΛΕΙΣΙΜΟ ΑΘΗΝΑ", "cp1253", "read as Windows-1253"),
    ("תאריך;שער סגירה", "cp1255", "read as Windows-1255, as Excel in Israel"),
    ("Датум;Цена;Промет", "cp1251", "read as Windows-1251"),  # Serbian
    ("Data;Kurs zamknięcia;Spółka", "cp1250", "read as Windows-1250, as Excel in Central"),
    ("Data;Wartość obrotu", "cp1250", "read as Windows-1250"),
    ("Źródło;Liczba", "cp1250", "read as Windows-1250"),  # 'Ź': no Windows-1252 byte
    ("Data;Żywiec", "cp1250", "read as Windows-1250"),
    ("Date;Volume (m³);Price (£k);cœur", "cp1252", "read as Windows-1252"),
    ("Date,Flow m³h,Nm³Tag,Cost (£1)", "cp1252", "read as Windows-1252"),  # units, pounds
    ("Date;Sales¹adj;Cost £2", "cp1252", "read as Windows-1252"),  # a sign in a word, pounds
    ("Ημερομηνία;Τιμή", "cp1253", "read as Windows-1253"),  # were GBK: '庆羼镬珥哚;蚤燹'
    ("Ημερομηνία;Πωλήσεις", "cp1253", "read as Windows-1253"),
    ("תאריך;מכירות;רווח", "cp1255", "read as Windows-1255"),  # was Cyrillic: 'ъашйк;...'
    ("חודש;הכנסות", "cp1255", "read as Windows-1255"),  # was GBK
    ("Дата;Потребление, МВт·ч", "cp1251", "read as Windows-1251"),  # 'МВт': no one case
    ("Дата,Продажи", "cp1251", "read as Windows-1251"),  # was Hebrew: 'ִאעא'
    ("Период,Остаток", "cp1251", "read as Windows-1251"),
    ("Дата;РусГидро;МегаФон;Сбербанк;Газпром", "cp1251", "read as Windows-1251"),
    ("Дата;Цена при затваряне", "cp1251", "read as Windows-1251"),  # Bulgarian
    ("Mánuður;Ferðamenn", "cp1252", "read as Windows-1252"),  # Icelandic without 'æ'
    ("Дата;Курс", "cp1251", "read as Windows-1251"),  # the CBR's: was GBK, '泥蜞;鼠瘃'
])
def test_excel_s_code_pages_are_read_and_said(header, encoding, said):
    """Before, a Chinese Excel's GBK file was read as Windows-1252 (its names garbled) and a
    Japanese one's Shift-JIS refused."""
    text = f"{header}\n{rows()}"
    notes: list[str] = []
    assert decode("x.csv", text.encode(encoding), notes) == text
    assert any(said in note for note in notes)


@pytest.mark.parametrize(("names", "encoding", "said"), [
    (("Сбербанк", "Газпром", "Лукойл"), "cp1251", "Windows-1251"),  # were Greek, Hebrew
    (("לאומי", "הפועלים", "טבע"), "cp1255", "Windows-1255"),  # was Cyrillic: 'маеой'
    (("ŻABKA", "ORLEN", "PKO BP"), "cp1250", "Windows-1250"),  # was '¯ABKA'
    # a review's: read as Cyrillic, Hebrew, Big5 or Western
    (("鑫科材料", "麒麟电子", "鹏鼎控股"), "gbk", "GBK"), (("璐璐", "骏马", "麒麟"), "gbk", "GBK"),
    (("ΑΘΗΝΑ", "ΘΕΣΣΑΛΟΝΙΚΗ", "ΠΑΤΡΑ"), "cp1253", "Windows-1253"),
    (("СБЕРБАНК", "ГАЗПРОМ", "ЛУКОЙЛ"), "cp1251", "Windows-1251"),
    (("ÅRE", "ÄLMHULT", "ÅMÅL", "°C"), "cp1252", "Windows-1252"),
    (("DĄBROWA", "KĄTY", "BĄKOWO"), "cp1250", "Windows-1250"),
    (("Młyn", "Mława", "Zamłynie"), "cp1250", "Windows-1250"),
    (("ΤΕΡΝΑ", "Νέα Σμύρνη"), "cp1253", "Windows-1253"),  # a review's: read as Cyrillic
])
def test_names_of_series_alone_above_ascii_tell_their_page(names, encoding, said):
    text = "Date;Name;Close\n" + "".join(f"2023-01-{d:02d};{n};{d}\n" for d in range(1, 20)
                                        for n in names)
    notes: list[str] = []
    assert decode("x.csv", text.encode(encoding), notes) == text
    assert any(f"read as {said}" in note for note in notes)


def test_utf8_is_read_as_written_and_said_nothing():
    notes: list[str] = []
    assert decode("x.csv", f"日期,收盘价\n{rows()}".encode(), notes) == f"日期,收盘价\n{rows()}"
    assert notes == []


POLISH = "Data;Kurs zamknięcia;Spółka\n" + "".join(
    f"{d:%Y-%m-%d};{10 + i},5;Żywiec\n" for i, d in enumerate(DAYS))


def test_a_code_page_not_detected_is_read_as_windows_1252_and_the_note_names_the_flag():
    notes: list[str] = []
    czech = "Datum;Cena akcie;Měna\n" + rows()  # 'Mìna': Western's letters, read so
    assert decode("x.csv", czech.encode("cp1250"), notes) != czech
    assert any("read as Windows-1252" in note and "--encoding" in note for note in notes)


@pytest.mark.parametrize(("text", "given"), [
    (POLISH, "cp1250"), (POLISH, "windows-1250"), (POLISH, "iso-8859-2"),
    ("Ημερομηνία,Τιμή κλεισίματος\n" + rows(), "iso-8859-7"),
    ("วันที่,ราคาปิด\n" + rows(), "cp874"),
])
def test_the_encoding_given_is_read_and_said(text, given):
    """Before ``--encoding``, these were read as Windows-1252 (or Windows-1251: Greek's
    letters are Cyrillic ones there) and their names garbled, with no way to say otherwise.
    Thai's page and ISO Greek detection does not read as written."""
    notes: list[str] = []
    assert decode("x.csv", text.encode(given), notes, given) == text
    assert notes == [f"encoding: {given} (--encoding)"]


def test_a_byte_the_encoding_given_has_not_is_an_error_naming_it():
    with pytest.raises(InputError, match=r"x.csv: is not valid utf-8 text \(byte 0xea at offset "
                       r"16\); re-save it as utf-8, or train with the --encoding it is in"):
        decode("x.csv", POLISH.encode("cp1250"), [], "utf-8")


def test_a_re_save_in_utf8_is_read_as_utf8_whatever_encoding_was_given():
    """A model trained with --encoding cp1253, then an export re-saved as UTF-8: its bytes
    read as cp1253 too ('Î‘Î¸Î®Î½Î±' for 'Αθήνα'), ids garbled, exit 0."""
    text = "Ημερομηνία,Πόλη,Τιμή\n" + "".join(f"2023-01-0{d},Αθήνα,{d}\n" for d in range(1, 8))
    notes: list[str] = []
    assert decode("x.csv", text.encode(), notes, "cp1253") == text
    assert notes == ["encoding: UTF-8, not cp1253 (its characters beyond ASCII are valid "
                     "UTF-8, as no other page's are)"]


def test_a_byte_order_mark_names_the_encoding_a_flag_may_not_contradict():
    marked = b"\xef\xbb\xbf" + POLISH.encode()
    assert decode("x.csv", marked, [], "utf-8") == POLISH  # the mark is no character
    assert decode("x.csv", marked, [], "UTF8") == POLISH
    for given in ("utf-16", "utf-16-le"):
        assert decode("x.csv", b"\xff\xfe" + POLISH.encode("utf-16-le"), [], given) == POLISH
    with pytest.raises(InputError, match="starts with the byte-order mark of UTF-8, but "
                       "--encoding cp1250 was given; leave --encoding out"):
        decode("x.csv", marked, [], "cp1250")
