"""Month names as exports in other languages write them, read as the English ones the date
formats know: German 'Mär 2020', French 'janv. 2020', Spanish 'ene-18', Italian 'gen 2020',
Dutch 'mrt 2020', Swedish 'okt 2020', Polish 'styczeń 2020', Russian 'Январь 2018' become
'Mar 2020', 'Jan 2020',
'Jan-18', ... A column changes only where a word of it names a month in one of those
languages and not in English; then every month word of it is abbreviated (a German 'August'
or 'November' beside 'Oktober'), so that one format reads them all. English dates read as
before."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from .columns import norm

_ENGLISH = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Each month's names and abbreviations in German, French, Spanish, Italian, Dutch and
# Portuguese, then Swedish, Danish and Norwegian, Polish and Czech (as a date writes them too:
# '1 stycznia', '1. ledna'), Finnish and Turkish, lower case, accents dropped (a dotless 'ı'
# with them: 'mayıs' is 'mays'), without a closing dot ('mar' is the Spanish one: an English
# 'Mar' is no word of another language).
_NAMES = (
    "januar janner jan janvier janv enero ene gennaio gen januari janeiro "
    "styczen stycznia sty leden ledna tammikuu tammikuuta tammi ocak oca",
    "februar feber feb fevrier fevr fev febrero febbraio febbr februari fevereiro "
    "luty lutego lut unor unora helmikuu helmikuuta helmi subat sub",
    "marz maerz mar mrz mars marzo maart mrt marco "
    "marts marzec marca brezen brezna maaliskuu maaliskuuta maalis mart",
    "april apr avril avr abril abr aprile "
    "kwiecien kwietnia kwi duben dubna huhtikuu huhtikuuta huhti nisan nis",
    "mai mayo may maggio mag mei maio "
    "maj maja kveten kvetna toukokuu toukokuuta touko mayis mays",
    "juni jun juin junio giugno giu junho "
    "czerwiec czerwca cze cerven cervna kesakuu kesakuuta kesa haziran haz",
    "juli jul juillet juil julio luglio lug julho "
    "lipiec lipca lip cervenec cervence heinakuu heinakuuta heina temmuz tem",
    "august aug aout agosto ago augustus "
    "augusti sierpien sierpnia sie srpen srpna elokuu elokuuta elo agustos agu",
    "september sep sept septembre septiembre setiembre set settembre setembro "
    "wrzesien wrzesnia wrz zari syyskuu syyskuuta syys eylul eyl",
    "oktober okt octobre oct octubre ottobre ott outubro out "
    "pazdziernik pazdziernika paz rijen rijna lokakuu lokakuuta loka ekim eki",
    "november nov novembre noviembre novembro "
    "listopad listopada listopadu lis marraskuu marraskuuta marras kasim kasm kas",
    "dezember dez decembre dec diciembre dic dicembre december dezembro "
    "desember des grudzien grudnia gru prosinec prosince joulukuu joulukuuta joulu aralik "
    "aralk ara",
)
# Russian and Ukrainian (Cyrillic: ``_key`` keeps its letters), as Excel writes them ('янв.18')
_CYRILLIC = (
    "январь января янв січень січня січ", "февраль февраля фев лютий лютого лют",
    "март марта мар березень березня бер", "апрель апреля апр квітень квітня квіт кві",
    "май мая травень травня трав тра", "июнь июня июн червень червня черв чер",
    "июль июля июл липень липня лип", "август августа авг серпень серпня серп сер",
    "сентябрь сентября сен сент вересень вересня вер",
    "октябрь октября окт жовтень жовтня жовт жов",
    "ноябрь ноября ноя нояб листопад листопада лист лис",
    "декабрь декабря дек грудень грудня груд гру",
)
_ENGLISH_WORDS = ("january", "february", "march", "april", "may", "june", "july", "august",
                  "september", "october", "november", "december")


def _key(word: str) -> str:
    """A month word as the names above are written: ``norm``'s plain Latin letters, else (a
    Cyrillic word) lower case without accents or a closing dot."""
    if plain := norm(word):
        return plain
    decomposed = unicodedata.normalize("NFKD", str(word).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip(" .")


_IN_ENGLISH = {_key(name): _ENGLISH[i] for language in (_NAMES, _CYRILLIC)
               for i, names in enumerate(language) for name in names.split()} | {
    name: _ENGLISH[i] for i, full in enumerate(_ENGLISH_WORDS) for name in (full, full[:3])}
_ENGLISH_NAMES = frozenset(_ENGLISH_WORDS) | {m.lower() for m in _ENGLISH}
_WORD = re.compile(r"[^\W\d_]+\.?")
_MONTH_LIKE = re.compile(r"[^\W\d_]{3}")  # every month word has three letters or more


def month_word(word: str) -> str | None:
    """The English abbreviation ('Mar') of a month's name or abbreviation in English or in
    one of the languages above ('Mär', 'mars', 'Dez'), else None."""
    return _IN_ENGLISH.get(_key(word))


def _in_english(match: re.Match) -> str:
    return _IN_ENGLISH.get(_key(match.group()), match.group())


def _foreign(word: str) -> bool:
    return word.casefold().rstrip(".") not in _ENGLISH_NAMES and _key(word) in _IN_ENGLISH


def in_english(values: pd.Series) -> pd.Series:
    """``values`` with every month word abbreviated in English ('März' and 'March' are 'Mar';
    Portuguese 'fev/2020' is 'Feb-2020') where a word of them names a month in another
    language; ``values`` itself elsewhere."""
    ends = pd.concat([values.iloc[:200], values.iloc[-200:]])  # a column writes one format
    if not ends.str.contains(_MONTH_LIKE, na=False).any():  # ISO times: 'T', 'Z' are no words
        return values
    worded = values.str.contains(_MONTH_LIKE, na=False)
    words = values[worded].str.findall(_WORD).explode().dropna().drop_duplicates()
    if not words.map(_foreign).any():
        return values
    english = values.str.replace(_WORD, _in_english, regex=True)
    english = english.str.replace(r"(^|[^\dA-Za-z])([A-Z][a-z]{2})(?=\d)", r"\1\2-",
                                  regex=True)  # Ukrainian Excel's 'січ.18': 'Jan-18'
    return english.str.replace(r"(?<=[A-Z][a-z]{2})/(?=\d)", "-", regex=True)  # 'fev/2020'
