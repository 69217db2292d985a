"""Bytes to text: which encoding a CSV is in (UTF-8 with or without a byte-order mark,
UTF-16, or the code page Excel saves "CSV" in: Windows-1252, or in China GBK, in Japan
Shift-JIS, in Korea CP949, in Russia and Ukraine Windows-1251, in Turkey Windows-1254, in
Greece Windows-1253, in Israel Windows-1255, in Central Europe Windows-1250, in Taiwan and
Hong Kong Big5), and its lines ended by newlines."""

from __future__ import annotations

import codecs
import re

import numpy as np

from ..errors import InputError


def decode(name: str, raw: bytes, notes: list[str], given: str | None = None) -> str:
    """Bytes to text: UTF-8 (with or without a BOM), UTF-16 (with a BOM, or told by its NULs),
    else the code page Excel saved it in (Windows-1252, GBK, Shift-JIS), said; an error where
    none reads it. ``given``: the encoding the user named (``--encoding``), read strictly."""
    if raw.endswith(b"\x00") and b"\x00" not in (kept := raw.rstrip(b"\x00")):  # a logger's
        notes.append(f"dropped {len(raw) - len(kept)} NUL byte(s) padding the end of the file")
        raw = kept  # unused space: no UTF-16 (which has a NUL beside every ASCII character)
    if given is not None:
        return _as_given(name, raw, given, notes)
    if raw[:3] == b"\xef\xbb\xbf":
        encoding = "utf-8-sig"
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
        notes.append("encoding: UTF-16")
    else:
        sample = raw[:4096]
        if b"\x00" in sample:
            # UTF-16 without a BOM puts a NUL next to every ASCII character
            even, odd = sample[0::2].count(0), sample[1::2].count(0)
            half = len(sample) // 2
            if odd > 0.4 * half and even == 0:
                encoding = "utf-16-le"
            elif even > 0.4 * half and odd == 0:
                encoding = "utf-16-be"
            else:
                raise InputError(
                    f"{name}: is a binary file (it contains NUL bytes), not a CSV; "
                    "export the data as CSV text"
                )
            notes.append(f"encoding: {encoding.upper()} (no byte-order mark)")
        else:
            encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":  # Excel on Windows saves "CSV" in the ANSI code page
            try:
                if (east := _east_asian(raw)) is not None and not (
                        east[1] == "GBK" and _russian_words(raw)):  # 'Дата;Курс' pairs too
                    return _as_east_asian(name, east, notes)
                text = raw.decode("cp1252")
            except UnicodeDecodeError:  # no Windows-1252 either: Shift-JIS without kana?
                if (east := _east_asian(raw, kana=False)) is not None:
                    return _as_east_asian(name, east, notes)
                if (page := _lettered(raw) or _central(
                        raw, raw.decode("cp1252", errors="replace"))) is not None:
                    return _as_code_page(name, page, notes)  # 0x98, 0x8f: no Windows-1252 byte
            else:
                if (page := _lettered(raw) or _turkish(raw, text) or _central(raw, text)):
                    return _as_code_page(name, page, notes)
                notes.append(f"encoding: not UTF-8 (byte 0x{raw[exc.start]:02x} at offset "
                             f"{exc.start}); read as Windows-1252, as Excel writes it "
                             "(--encoding names another, e.g. cp1250)")
                return _without_nul(name, text)
        bad = raw[exc.start:exc.start + 1].hex()
        raise InputError(
            f"{name}: is not valid {encoding.upper().replace('-SIG', '')} text (byte 0x{bad} at "
            f"offset {exc.start}); re-save the file as UTF-8"
        ) from exc
    return _without_nul(name, text)


_MARKS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _as_given(name: str, raw: bytes, given: str, notes: list[str]) -> str:
    """The text of ``raw`` in the ``given`` encoding; an error where a byte-order mark says
    another (the file names its own encoding) or a byte is not of the given one."""
    encoding = codecs.lookup(given).name
    if (marked := next((e for mark, e in _MARKS if raw.startswith(mark)), None)) is not None:
        if not encoding.startswith(marked):
            raise InputError(f"{name}: starts with the byte-order mark of {marked.upper()}, "
                             f"but --encoding {given} was given; leave --encoding out")
        encoding = "utf-8-sig" if marked == "utf-8" else "utf-16"  # reads its mark's order
    if marked is None and not encoding.startswith("utf") and not raw.isascii():
        try:  # a re-save in UTF-8 of what was another page: no page's text is valid UTF-8
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            notes.append(f"encoding: UTF-8, not {given} (its characters beyond ASCII are "
                         "valid UTF-8, as no other page's are)")
            return _without_nul(name, text)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: is not valid {given} text (byte 0x{raw[exc.start]:02x} at "
                         f"offset {exc.start}); re-save it as {given}, or train with the "
                         "--encoding it is in (left out, it is detected)") from None
    notes.append(f"encoding: {given} (--encoding)")
    return _without_nul(name, text)


def _without_nul(name: str, text: str) -> str:
    """The text, lines ended by newlines (old Mac files end them with a lone carriage return,
    which the csv module would take for a character of a field)."""
    if "\x00" in text:
        raise InputError(
            f"{name}: is a binary file (it contains NUL characters), not a CSV; "
            "export the data as CSV text"
        )
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _as_east_asian(name: str, east: tuple[str, str], notes: list[str]) -> str:
    return _as_code_page(name, east, notes)


_WHERE = {"Shift-JIS": "Japan", "GBK": "China", "CP949": "Korea",
          "Windows-1251": "Russia or Ukraine", "Windows-1254": "Turkey",
          "Windows-1253": "Greece", "Windows-1255": "Israel",
          "Windows-1250": "Central Europe", "Big5": "Taiwan or Hong Kong"}


def _as_code_page(name: str, page: tuple[str, str], notes: list[str]) -> str:
    notes.append(f"encoding: not UTF-8; read as {page[1]}, as Excel in {_WHERE[page[1]]} "
                 "writes it (--encoding names another)")
    return _without_nul(name, page[0])


_HANGUL = re.compile("[\uac00-\ud7a3]")


# Korean names of a time: a header with one is Korean, whose bytes GBK reads too
_KOREAN_TIMES = re.compile("시점|일자|날짜|기간|연월|년월|연도")


def _korean(raw: bytes, named: bool = False) -> tuple[str, str] | None:
    """(text, "CP949") of bytes whose characters above ASCII are nine in ten Hangul
    syllables, four or more, each of the common ones (EUC-KR's two bytes of 0xA1 and up: a
    Shift-JIS kanji reads as a rarer one); with ``named``, only where the first line names a
    time in Korean (KOSIS's '시점'), as Chinese in GBK may read as Hangul too."""
    common = raw[:65536].decode("euc_kr", errors="replace")
    wide = _WIDE.findall(common)
    if len(wide) < 4 or len(_HANGUL.findall(common)) < 0.9 * len(wide) or (
            named and not _KOREAN_TIMES.search(common.split("\n", 1)[0])):
        return None
    try:
        return raw.decode("cp949"), "CP949"
    except UnicodeDecodeError:
        return None


_WORD = re.compile(r"[^\W\d_]{2,}")
_VOWELS = frozenset("аеиоуыэюяёієїАЕИОУЫЭЮЯЁІЄЇ")
_GREEK_IN_CYRILLIC = re.compile("[а-яё][ЬЭЮЯ]")  # 'ί' read as 'Я' inside a word: 'ЗмеспмзнЯб'
_FINAL_INSIDE = re.compile("[ךםןףץ][\u05d0-\u05ea]")  # a final letter before another
_POINTS = re.compile("[\u05b0-\u05c7]")  # Hebrew's vowel points


def _hebrew(words: list[str], text: str) -> bool:
    """Hebrew's final letters end its words, and a file writes no vowel points: Cyrillic or
    Greek read as Hebrew puts them inside, its capitals as points ('Дата' as 'ִאעא')."""
    return not any(_FINAL_INSIDE.search(w) for w in words) and not _POINTS.search(text)


def _cyrillic(words: list[str], text: str) -> bool:
    """Two in ten letters of the words vowels (Hebrew read as Cyrillic, 'ъашйк щтш', has
    fewer; company names, 'Сбербанк', 'Газпром', 'Лукойл', three in ten), few words with a
    capital 'Ь', 'Э', 'Ю' or 'Я' after a small letter, as Greek's accented vowels read
    ('ЗмеспмзнЯб'; 'РусГидро' and 'МВт' are Russian), and no more 'б' than 'а' (Greek's
    'α', its most common letter, reads as 'б': 'ΑΘΗΝΑ' as 'БИЗНБ')."""
    letters = "".join(words)
    return sum(c in _VOWELS for c in letters) >= 0.2 * len(letters) and sum(
        bool(_GREEK_IN_CYRILLIC.search(w)) for w in words) < 0.25 * len(words) and sum(
        c in "Аа" for c in letters) >= sum(c in "Бб" for c in letters)


# Russian names of a time: a header with one is Russian, whose bytes GBK reads as Chinese too
_RUSSIAN_TIMES = re.compile(r"(?i)\b(?:дата|время|период|месяц|год|день|неделя|квартал)\b")


def _russian_words(raw: bytes) -> bool:
    """Whether bytes that GBK reads as Chinese read as Russian in Windows-1251 with a line of
    the head naming a time (the CBR's 'Дата;Курс'), as Chinese read so does not ('日期' is
    'ИХЖЪ', '麒麟' 'чичл')."""
    russian = _lettered(raw)
    return russian is not None and russian[1] == "Windows-1251" and bool(
        _RUSSIAN_TIMES.search(russian[0][:4096]))


def _greek(words: list[str], text: str) -> bool:
    """Words of one case (Hebrew read as Greek is 'ϊΰψικ', of one; Cyrillic reads as little
    Greek at all)."""
    return sum(w in (w.lower(), w.upper()) or w.istitle() for w in words) >= 0.9 * len(words)


# Single-byte pages whose letters above ASCII run as words, in the order tried: (codec, name,
# the script's letters, what its words must show). Their bytes overlap: Greek and Hebrew read
# as Cyrillic, Hebrew as Greek; Russian's common 'ы', 'ь', 'я' are no Hebrew bytes, nor
# Greek's accented vowels.
_LETTERED = (("cp1255", "Windows-1255", "\u05d0-\u05ea", _hebrew),
             ("cp1251", "Windows-1251", "\u0400-\u04ff", _cyrillic),
             ("cp1253", "Windows-1253", "\u0370-\u03ff", _greek))


def _lettered(raw: bytes) -> tuple[str, str] | None:
    """(text, page) of bytes above ASCII that run as words (three or more in a row, most of
    them: Russian in Windows-1251, which Windows-1252 reads as 'Ñóììà'), read by the first page
    of ``_LETTERED`` whose reading is eight in ten letters of its script and whose distinct
    words show it (a file's ids repeat: each counts once); None otherwise. Western text puts
    its 'é' and 'ß' among ASCII letters."""
    codes = np.frombuffer(raw[:65536], dtype=np.uint8)
    runs = _runs((codes >= 0x80) & (codes != 0xA0))  # a no-break space groups digits
    if len(runs) < 2 or (runs >= 3).sum() < 0.5 * len(runs):
        return None
    for codec, page, letters, shows in _LETTERED:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        wide = [c for c in _WIDE.findall(text[:65536]) if c != "\u00a0"]
        ours = re.findall(f"[{letters}]", "".join(wide))
        words = list({w for w in _WORD.findall(text[:65536]) if not w.isascii()})
        if words and len(ours) >= 0.8 * len(wide) and shows(words, text[:65536]):
            return text, page
    return None


def _turkish(raw: bytes, western: str) -> tuple[str, str] | None:
    """(text, "Windows-1254") where the Windows-1252 reading ``western`` holds two or more of
    the letters where the two pages differ ('Þubat', 'Aðustos', 'Kasým': Turkish 'Şubat',
    'Ağustos', 'Kasım') and none of Icelandic's 'æ' or 'á', 'í', 'ó', 'ú', 'é', whose 'ð' and
    'þ' they are; None otherwise."""
    if sum(western.count(c) for c in "ÐÝÞðýþ") < 2 or any(c in western for c in "æÆáíóúé"):
        return None  # Icelandic's vowels, which Turkish never writes
    return raw.decode("cp1254"), "Windows-1254"


# Windows-1250's letters as Windows-1252 writes them: signs inside a word ('Spó³ka', 'Ÿród³o'
# of Polish 'Spółka', 'Źródło'; a unit's 'm³h' aside, not 'Zam³ynie'), a macron before one
# ('¯ywiec', 'Żywiec'), an 'œ' ending one or before 'æ' ('coœ', 'Wartoœæ': 'coś', 'Wartość';
# French 'cœur' has it inside)
_SIGNS_IN_WORDS = re.compile(r"(?<=[^\W\d_])(?:(?<!m)[¹³¿Ÿ]|³(?=[aeiouyóê¹]))(?=[^\W\d_])|"
                             r"(?<=[A-Z])¥(?=[A-Z])|"  # 'D¥BROWA', a capital 'Ą' (not 'JP¥m')
                             r"(?<![^\W\d_])[¯Ÿ](?=[a-zA-Zó])|(?<=[^\W\d_])œ(?=æ|\W|$)", re.M)
_WESTERN_MONEY = re.compile(r"[£¥]\s?\d")  # a pound or a yen: Windows-1250's 'Ł' and 'Ą'


def _central(raw: bytes, western: str) -> tuple[str, str] | None:
    """(text, "Windows-1250") where the Windows-1252 reading ``western`` (undefined bytes
    replaced) writes ``_SIGNS_IN_WORDS`` and no money in pounds or yen: Polish as Excel in
    Central Europe saves it (Czech reads as Western letters: --encoding); None otherwise."""
    if not _SIGNS_IN_WORDS.search(western) or _WESTERN_MONEY.search(western):
        return None
    try:
        return raw.decode("cp1250"), "Windows-1250"
    except UnicodeDecodeError:
        return None


_NOT_CJK = re.compile("[^\x00-\x7f\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
_KANA = re.compile("[\u3040-\u30ff]")  # hiragana, katakana: Japanese
_WIDE = re.compile("[^\x00-\x7f]")


def _cjk(text: str) -> bool:
    """Whether every character above ASCII is Chinese or Japanese: ideographs, kana, their
    punctuation and full-width forms."""
    return _NOT_CJK.search(text) is None


def _east_asian(raw: bytes, kana: bool = True) -> tuple[str, str] | None:
    """(text, encoding name) of bytes that are Shift-JIS with kana (any Japanese where not
    ``kana``), or GBK (GB18030) whose every byte above ASCII pairs with another (two-byte
    characters, 0xA1 and up, as the common Chinese characters are), four or more; None
    otherwise. A Windows-1252 file's 'é' stands beside ASCII letters: no such pair."""
    try:
        text = raw.decode("shift_jis")
    except UnicodeDecodeError:
        pass
    else:
        if _KANA.search(text) or (not kana and _cjk(text)):
            return text, "Shift-JIS"
    if kana and (korean := _korean(raw, named=True)) is not None:
        return korean
    codes = np.frombuffer(raw, dtype=np.uint8)
    high = codes >= 0x80
    runs = _runs(high)
    if not high.any() or codes[high].min() < 0xA1 or (runs % 2).any():
        return _big5(raw)
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    # four characters at least: a German 'Größe' alone ('öß', a pair) is no Chinese word; and
    # three in ten of GB2312's first level, the common ones (0xB0-0xD7) and its signs: Greek
    # and Hebrew words of even length pair up too, mostly into rare ones (a company's name:
    # '鑫科材料', '麒麟电子', three in four)
    chars = set(wide := _WIDE.findall(text[:65536]))  # (of the head: enough to tell)
    common = sum(0xA1 <= c.encode("gb18030")[0] <= 0xD7 for c in chars) >= 0.3 * len(chars)
    if len(wide) >= 4 and _cjk(text) and common:
        return text, "GBK"
    return _korean(raw) if kana else None


def _big5(raw: bytes) -> tuple[str, str] | None:
    """(text, "Big5") of bytes that read as Big5, as Excel in Taiwan and Hong Kong writes (its
    second bytes may be ASCII's, unlike GBK's), four characters or more, all Chinese, nine in
    ten of them Big5's common ones (0xA4-0xC6) or its signs; None otherwise (a Western file's
    'é' before a letter reads as one, a rare one)."""
    try:
        text = raw.decode("cp950")
    except UnicodeDecodeError:
        return None
    chars = set(wide := _WIDE.findall(text[:65536]))
    if len(chars) < 4 or not _cjk(text):
        return None
    common = sum(0xA1 <= c.encode("cp950")[0] <= 0xC6 for c in chars) >= 0.9 * len(chars)
    # Chinese words run two characters or more; a Polish 'ŻABKA' is one before letters; and
    # a Western 'Å' or 'Ą' before a letter pairs with an ASCII byte, where three in ten of
    # Chinese's second bytes are 0xA1 or more
    worded = sum(map(len, _CJK_WORD.findall(text[:65536]))) >= 0.5 * len(wide)
    high = sum(c.encode("cp950")[1] >= 0xA1 for c in wide) >= 0.3 * len(wide)
    return (text, "Big5") if common and worded and high else None


_CJK_WORD = re.compile("[\u4e00-\u9fff]{2,}")


def _runs(high: np.ndarray) -> np.ndarray:
    """The lengths of the runs of True in ``high`` (bytes above ASCII, in a row)."""
    edges = np.flatnonzero(np.diff(np.concatenate([[False], high, [False]]).astype(np.int8)))
    return edges[1::2] - edges[::2]
