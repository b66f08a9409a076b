"""Reading the cells of a plan table: codes in titles, leads, sources and status words.

Pure text handling for plans/importers/tabular.py (which re-exports these names).
"""

import re
from dataclasses import dataclass


@dataclass
class ParsedLead:
    name: str
    organisation: str = ""


@dataclass
class ParsedSource:
    kind: str  # plans.choices.SourceKind value
    number: int | None = None
    reference: str = ""


_CODE_TITLE = re.compile(r"^(\d+|[A-Z]{1,3}\d+[a-z]?|[A-Z])\s*[.:)]\s+(.+)$", re.S)


def split_code(text: str) -> tuple[str, str]:
    """``"A1: Improving access"`` → ("A1", "Improving access"); no code → ("", text)."""
    match = _CODE_TITLE.match(text.strip())
    return (match.group(1), match.group(2).strip()) if match else ("", text.strip())


_LEAD_SPLIT = re.compile(r"\s*(?:;|\n|\s/\s)\s*")
_ORGANISATION = re.compile(r"^(.*?)\s*\(([^()]+)\)$")


def parse_leads(text: str) -> list[ParsedLead]:
    """``"Head of SEND (Hull City Council); Designated Clinical Officer"`` → two leads."""
    leads = []
    for part in _LEAD_SPLIT.split(text or ""):
        part = part.strip().rstrip(".").strip()
        if not part:
            continue
        match = _ORGANISATION.match(part)
        leads.append(ParsedLead(match.group(1).strip(), match.group(2).strip()) if match else ParsedLead(part))
    return leads


_SOURCE_TOKEN = re.compile(
    r"(?P<afi>\bAF[I1]?\s*(?P<afi_n>\d+))|(?P<pa>\bPA\s*(?P<pa_n>\d+))|(?P<sef>\bSEF\b|SELF[- ]EVALUATION)"
    r"|(?P<dbv>\bDBV\b|DELIVERING BETTER VALUE)|(?P<wsoa>\bWSOA\b|WRITTEN STATEMENT(?: OF ACTION)?)"
    r"|(?P<other>\bOTHER\b)"
)
_SOURCE_LEFTOVER = re.compile(r"[\s/,;&+]|\bAND\b")


def parse_sources(text: str) -> list[ParsedSource]:
    """``"SEF/DBV"``, ``"AFI2 AFI4"``, ``"WSOA"`` → sources. Raises ValueError naming what is not understood."""
    upper = (text or "").upper()
    sources, leftover, end = [], [], 0
    for match in _SOURCE_TOKEN.finditer(upper):
        leftover.append(upper[end:match.start()])
        end = match.end()
        if match.group("afi"):
            number = int(match.group("afi_n"))
            sources.append(ParsedSource("afi", number, f"AFI{number}"))
        elif match.group("pa"):
            number = int(match.group("pa_n"))
            sources.append(ParsedSource("priority_action", number, f"PA{number}"))
        else:
            kind = next(name for name in ("sef", "dbv", "wsoa", "other") if match.group(name))
            sources.append(ParsedSource(kind))
    leftover.append(upper[end:])
    unknown = _SOURCE_LEFTOVER.sub(" ", "".join(leftover)).split()
    if unknown:
        raise ValueError(f"{' '.join(unknown)!r} is not a source we recognise: use SEF, DBV, AFI1, PA1, WSOA "
                         "or Other, separated by / or spaces")
    unique = []
    for source in sources:
        if source not in unique:
            unique.append(source)
    return unique


# Words for statuses beyond a scale's own labels and codes, by meaning.
STATUS_SYNONYMS = {
    "not_due": ["not due", "not started", "not yet due", "grey"],
    "on_track": ["on track", "green", "on track no concerns"],
    "some_concerns": ["amber", "some concerns", "on track some concerns"],
    "off_track": ["red", "off track", "not on track"],
    "completed": ["complete", "completed", "done", "blue"],
    "sustained": ["purple", "completed embedded sustained", "sustained", "embedded"],
}


def _status_key(text: str) -> str:
    return re.sub(r"\band\b", "", re.sub(r"[^a-z]+", " ", text.lower())).replace(" ", "")


def status_words(scale: list[tuple[str, str, str]], *, also: list[list[tuple[str, str, str]]] = ()) -> dict[str, str]:
    """{normalised words: status code} for a scale ``[(code, label, meaning)]``.

    Words from the synonyms and from the ``also`` scales (other presets) map to this scale's
    status with the same meaning; the scale's own labels and codes win.
    """
    words = {}
    code_for = {}
    for code, _label, meaning in scale:
        code_for.setdefault(meaning, code)
    for meaning, code in code_for.items():
        for synonym in STATUS_SYNONYMS.get(meaning, []):
            words.setdefault(_status_key(synonym), code)
    for other in also:
        for other_code, label, meaning in other:
            if meaning in code_for:
                words[_status_key(label)] = code_for[meaning]
                words.setdefault(_status_key(other_code), code_for[meaning])
    for code, label, _meaning in scale:
        words[_status_key(code)] = code
        words[_status_key(label)] = code
    return words


def detect_scale(table, mapping: dict[str, str], presets: dict[str, list]) -> str:
    """The preset whose labels the Status column uses most (the first preset on a tie).

    ``table`` is a plans.importers.tabular.Table.
    """
    header = mapping.get("Status")
    if not header or header not in table.headers:
        return next(iter(presets))
    position = table.headers.index(header)
    used = {_status_key(str(cells[position])) for _, cells in table.rows
            if position < len(cells) and cells[position]}
    scores = {name: len(used & {_status_key(label) for _code, label, *_ in options})
              for name, options in presets.items()}
    return max(presets, key=lambda name: scores[name])
