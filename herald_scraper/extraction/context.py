"""Contextual boilerplate: lines that are only recognisable by what surrounds them.

A line rule judges one line alone, but widgets come as groups: a newsletter heading with its perk
bullets, "You may also like" with its teaser titles, an author's name above a bio. Once a line
rule has removed the group's heading, its short, sentence-less followers go with it
("contagion"); an author bio goes when it sits next to its name line, under an "about the author"
heading or at the very end of the text. Real short paragraphs ("Nobody was hurt.") are sentences
and stop the spread; real body lists only follow real text, never a removed widget heading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Line rules whose short matches open a widget (a heading-like line with items under it).
OPENER_RULES = frozenset(
    {"newsletter", "widget_heading", "teaser", "author_bio", "subscription_nag", "share_bar"}
)
#: Followers this long or longer are text, never a widget's item.
SHORT_WORDS = 14
#: A sentence this long marks where the body starts and ends.
PROSE_WORDS = 8
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’.-]*$")
_PARTICLES = frozenset({"de", "da", "del", "van", "von", "der", "la", "le", "di", "y", "and"})
_JOBS = (
    r"(senior |chief |staff |freelance |political |local |national |foreign |business |"
    r"investigative |general |[\w-]+ )?(correspondent|reporter|journalist|editor|writer|"
    r"columnist|contributor|producer|photographer|korrespondent(in)?|redakteur(in)?|"
    r"journalist(in)?|reporter(in)?|autor(in)?|volontär(in)?|journaliste|rédact(eur|rice)|"
    r"correspondant(e)?|periodista|redactor(a)?|corresponsal|reportera|columnista|editora?)\b"
)
# "<Name> is a senior correspondent covering ...", "<Name> est journaliste ...",
# "<Name> has been reporting on ... since 2015", "<Name> ist Redakteurin ...".
_BIO = re.compile(
    r"^(?P<name>[^\s,]+(\s+[^\s,]+){0,3}?)\s+("
    r"(is|was|est|es|ist|war)\s+((a|an|the|un|une|una|ein|eine)\s+)?([\w-]+\s+){0,2}" + _JOBS + r"|"
    r"(has been|a été|ha sido)\s+(reporting|writing|covering|journaliste|periodista)\b|"
    r"(covers|reports on|writes about|berichtet seit|couvre|cubre)\b)",
    re.IGNORECASE,
)


def is_sentence(line: str) -> bool:
    """Whether ``line`` ends like a sentence (a real paragraph, however short)."""
    return bool(_SENTENCE_END.search(line))


def is_name(line: str) -> bool:
    """A person's name alone on a line: 2-5 capitalised words, no digits or punctuation."""
    tokens = line.split()
    if not 2 <= len(tokens) <= 5 or len(line) > 50:
        return False
    return all(
        t.lower() in _PARTICLES or (_NAME_TOKEN.match(t) is not None and t[0].isupper())
        for t in tokens
    ) and not is_sentence(line)


def bio_name(line: str) -> str | None:
    """The leading name of an author-bio line, else None."""
    match = _BIO.match(line)
    if match is None or not line[:1].isupper():
        return None
    name = match.group("name")
    return name if all(t[:1].isupper() or t.lower() in _PARTICLES for t in name.split()) else None


def _short(line: str) -> bool:
    return len(line.split()) < SHORT_WORDS and not is_sentence(line)


def _opens_widget(line: str, rule: str | None, kind: str) -> bool:
    if rule not in OPENER_RULES:
        return False
    # "Related: <headline>" is one teaser; a bare "Related" heads a list of them.
    head, _, rest = line.partition(":")
    return kind == "head" or (len(line.split()) <= 6 and not is_sentence(line) and not rest.strip())


def spread(
    lines: Sequence[str], marks: Sequence[str | None], kinds: Sequence[str] | None = None
) -> list[str | None]:
    """``marks`` (a rule name per removed line, else None) extended to the lines whose context
    makes them boilerplate; the new marks name the reason (``widget_items``, ``author_box``)."""
    out = list(marks)
    kind = list(kinds) if kinds is not None and len(kinds) == len(lines) else ["p"] * len(lines)
    n = len(lines)
    for i in range(n):
        if out[i] is None or not _opens_widget(lines[i], out[i], kind[i]):
            continue
        j = i + 1
        while j < n:
            if out[j] is not None:
                pass
            elif kind[j] == "item" or (kind[j] != "head" and _short(lines[j])):
                out[j] = "widget_items"
            elif kind[j] == "head" and _short(lines[j]) and _widgetish(lines, out, kind, j + 1):
                out[j] = "widget_items"  # teaser titles set as headings
            else:
                break
            j += 1
    _author_boxes(lines, out)
    _edges(lines, out, kind)
    return out


def _edges(lines: Sequence[str], out: list[str | None], kind: list[str]) -> None:
    """Above the first body paragraph and below the last one, a short sentence-less line beside
    a removed line is part of the same chrome (masthead tagline next to its date, teaser titles
    after an ad slot); inside the body such lines are left to the line rules. A heading above the
    body stays: it may be the first subheading."""
    body = [i for i, line in enumerate(lines) if out[i] is None and _prose(line)]
    if not body:
        return
    first, last = body[0], body[-1]
    changed = True
    while changed:
        changed = False
        for i in [*range(first), *range(last + 1, len(lines))]:
            if out[i] is not None or not _short(lines[i]) or _bracketed(lines[i]):
                continue
            beside = [out[k] for k in (i - 1, i + 1) if 0 <= k < len(lines)]
            if (i > last or kind[i] != "head") and any(m is not None for m in beside):
                out[i] = "widget_edge"
                changed = True


def _bracketed(line: str) -> bool:
    """A note or source the article gives: "(Reporting by ...)", "<headline> [Bloomberg]"."""
    line = line.strip()
    return line.startswith(("(", "[")) or line.endswith((")", "]"))


def _prose(line: str) -> bool:
    return is_sentence(line) and len(line.split()) >= PROSE_WORDS


def _widgetish(lines: Sequence[str], out: list[str | None], kind: list[str], j: int) -> bool:
    """Whether the line at ``j`` continues a widget (or the text ends there)."""
    return j >= len(lines) or out[j] is not None or kind[j] == "item" or _short(lines[j])


def _author_boxes(lines: Sequence[str], out: list[str | None]) -> None:
    n = len(lines)
    for i, line in enumerate(lines):
        name = bio_name(line) if out[i] is None else None
        if name is None:
            continue
        prev = i - 1
        named = prev >= 0 and out[prev] is None and is_name(lines[prev])
        same = named and (lines[prev].split()[-1] in name.split() or lines[prev] in line)
        under_heading = prev >= 0 and out[prev] in ("author_bio", "widget_items", "author_box")
        at_tail = all(out[k] is not None for k in range(i + 1, n))
        if same or under_heading or at_tail:
            out[i] = "author_box"
            if same:
                out[prev] = "author_box"
    # a name line beside a bio some rule already removed ("... validates the stories ...")
    for i, line in enumerate(lines):
        if out[i] is None and is_name(line):
            beside = [out[k] for k in (i - 1, i + 1) if 0 <= k < n]
            if "author_bio" in beside or "author_box" in beside:
                out[i] = "author_box"
