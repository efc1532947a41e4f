"""Read telegram numbers and references to other messages.

A number is only a designator where the text makes it one: the heading of a telegram
form ("CIPHERED TELEGRAM No. 20772"), a registry stamp ("Incoming Nº 1397/shs"), the
number under a signature ("No. 2974"), the number opening a FRUS telegram's first
paragraph ("340."). Copy numbers ("Copy Nº 1", "Nº 2 to file"), typists' and clerks'
numbers are recognised so that they are *not* taken for message numbers.

Registers are named here only by the *kind* of series ("heading", "incoming-stamp",
"signature", ...); which office keeps that series is decided with the document's
context in :mod:`chronology.sources.profile`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import attrs

from chronology.patterns import compile_rule

_NO = r"(?:No\.?|NO\.?|no\.|Nº|N°|№|#|Nr\.?)"
_NUM = r"([A-Z]?\d[\d\-]*(?:/\d+)*(?:/(?:shs|sh|ш|Ш|III|sch|s))?\.?)(?![\w/])"


@attrs.frozen
class NumberReading:
    """A message number as written, with the kind of series its setting implies."""

    span: tuple[int, int]
    text: str
    number: str
    series: str  # heading | incoming-stamp | signature | special | issuing | sender-heading | ...
    rule: str
    own: bool = True  # False for copy numbers and other non-identifiers


@attrs.frozen
class ReferenceReading:
    """A phrase pointing at another message."""

    span: tuple[int, int]
    text: str
    kind: str
    numbers: tuple[str, ...]
    number_series: tuple[str, ...]
    direction: str  # "own" | "addressee" | "third" | ""
    rule: str
    date_span: tuple[int, int] | None = None


def clean_number(raw: str) -> str:
    """'20772.' -> '20772'; '600742/III' keeps its suffix as written."""
    return raw.rstrip(".").strip()


_DESIGNATOR_RULES: list[tuple[str, str, re.Pattern[str]]] = [
    (
        "telegram-heading",
        "heading",
        compile_rule(
            r"(?:CIPHERED\s+TELEGRAM|Ciphered\s+[Tt]elegram|CIPHER(?:ED)?\s+CABLE|CABLE|Cable|"
            r"TELEGRAM|Telegram|ШИФРТЕЛЕГРАММА|Шифртелеграмма)\s*" + _NO + r"\s*" + _NUM
        ),
    ),
    (
        "from-station",
        "station",
        compile_rule(r"\bFrom\s+[A-Z][A-Za-z\[\]]+\s+" + _NO + r"\s*" + _NUM),
    ),
    ("special", "special", compile_rule(r"\b(?:Special|Spets\.|Спец\.)\s*" + _NO + r"\s*" + _NUM)),
    ("issuing", "issuing", compile_rule(r"\bIssuing\s+" + _NO + r"\s*" + _NUM)),
    (
        "incoming-stamp",
        "incoming-stamp",
        compile_rule(r"\b(?:Incoming|Incom\.|Вх\.|Входящий)\s*" + _NO + r"\s*" + _NUM),
    ),
    ("protocol", "protocol", compile_rule(r"(?m)^\s*" + _NO + r"\s*(P\d+/\d+)\b")),
    ("protocol-number", "protocol", compile_rule(r"\b[Pp]rotocol\s+" + _NO + r"\s*(\d+)\b")),
    # An item of a protocol about a message: "280. Telegram of Comrade Mao Zedong ..."
    (
        "protocol-item",
        "protocol-item",
        compile_rule(r"(?m)^(\d{2,4})\.\s+(?=(?:Telegram|Cable|Letter|Message|Note)\b)"),
    ),
    # A number alone on its line, or before a date on its line: the sender's number
    # under a signature ("No. 2974", "Nº 2395", "No. 1476/sh").
    (
        "signature-number",
        "signature",
        compile_rule(r"(?m)^[ \t]*" + _NO + r"\s*" + _NUM + r"[ \t]*$"),
    ),
    (
        "signature-number-dated",
        "signature",
        compile_rule(r"(?m)^[ \t]*" + _NO + r"\s*" + _NUM + r"[ \t]+(?=\d{1,2}[.\s/])"),
    ),
]

# Numbers that identify a copy, a typist or a clerk's register line, not a message.
_NOT_IDENTIFIERS = compile_rule(
    r"\b(?:Copy|Copies|copy|Экз\.?|экз\.?)\s*" + _NO + r"?\s*(\d+)"
    r"|" + _NO + r"\s*(\d+)\s+to\s+file"
    r"|\bby\s+[A-Z][a-z]+\s+" + _NO + r"\s*(\d+)"
)

_REF_RULES: list[tuple[str, str, re.Pattern[str]]] = [
    # "To my [telegram] No. 2967 (vkh. No. 20757)", "In addition to my Nº 2390".
    (
        "to-my-no",
        "own",
        compile_rule(
            r"(?:(?:In\s+addition\s+to|Further\s+to|Re|To|In\s+reply\s+to|Reference)\s+)?"
            r"\b(?:my|our)\s+(?:\[?[a-z]+\]?\s+)?"
            + _NO
            + r"\s*"
            + _NUM
            + r"(?:\s*\(\s*(?:vkh\.?|incoming|inc\.|вх\.)\s*"
            + _NO
            + r"?\s*"
            + _NUM
            + r"\s*\))?",
            re.IGNORECASE,
        ),
    ),
    # "Your order No. 48", "your telegram No. 3557", "To No. 483/sh."
    (
        "your-no",
        "addressee",
        compile_rule(
            r"\b(?:[Yy]our|ur)\s+(?:[a-z]+\s+){0,2}?(?:telegram|cable|order|directive|letter|"
            r"message|instruction|note)s?\s*" + _NO + r"\s*" + _NUM
        ),
    ),
    ("to-no", "", compile_rule(r"(?m)^\s*(?:To|Re|Ref:?)\s+" + _NO + r"\s*" + _NUM)),
    # "Reference your 789", "Re your 12", "reurtel 45" (US cable style).
    (
        "reference-your",
        "addressee",
        compile_rule(r"\b(?:[Rr]eference|[Rr]ef\.?|[Rr]e)\s+(?:your|ur)\s+(?:tel\s+)?(\d+)\b"),
    ),
    # "Telegram of Comrade Mao Zedong of 27 August (No. 4279)"; "(from no. 837)".
    (
        "paren-no",
        "third",
        compile_rule(r"\(\s*(?:from\s+)?" + _NO + r"\s*" + _NUM + r"\s*\)", re.I),
    ),
    # US cable shorthand: "Deptel 335", "Embtel 52", "urtel 12", "reftel", "Depcirtel 9794",
    # "Ref: Seoul 5058", "Ref: State 111264", "Contel 4".
    (
        "cable-shorthand",
        "",
        compile_rule(
            r"\b(Deptel|Depcirtel|Embtel|Embdes|urtel|mytel|Contel|Circtel|Usun|Mytel|Urtel|"
            r"Deptels|Embtels)\s+(\d[\d,\s]*\d|\d+)"
        ),
    ),
    (
        "ref-post",
        "",
        compile_rule(r"\bRefs?:\s*((?:[A-Z][A-Za-z]+\s+\d+(?:,\s*)?)+)"),
    ),
]

_WHO = frozenset({"your", "ur", "my", "our", "the", "his", "their", "this"})
# Russian possessives, mapped to the English word whose direction they share.
_WHO_RU = {
    "ваша": "your",
    "вашу": "your",
    "ваш": "your",
    "вашей": "your",
    "ваше": "your",
    "моя": "my",
    "мою": "my",
    "мой": "my",
    "моей": "my",
    "наша": "our",
    "нашу": "our",
    "наш": "our",
}
_NOUNS = frozenset(
    {
        "telegram",
        "cable",
        "order",
        "directive",
        "letter",
        "message",
        "instruction",
        "note",
        "reply",
        "answer",
        "despatch",
        "dispatch",
        "deptel",
        "embtel",
        "tel",
        "memorandum",
        "report",
        "speech",
        "телеграмм",
        "письм",
    }
)
# Messages mentioned by what happened to them.
_MENTIONS: list[tuple[str, str, re.Pattern[str]]] = [
    (
        "mention-incoming",
        "mention-incoming",
        compile_rule(
            r"\b(?:[Tt]oday\s+|[Yy]esterday\s+)?(?:I|we|We)\s+(?:have\s+)?received\s+(?:a|the|your)\s+"
            r"(?:telegram|cable|letter|message|reply|answer)s?\s+from\s+(?:Comrades?\s+|Cdes?\.\s+)?"
            r"[A-Z][\w\-]+(?:\s+(?:[A-Z][\w\-]+|and))*"
        ),
    ),
    (
        "mention-incoming",
        "mention-incoming",
        compile_rule(
            r"\b[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?(?:'s|’s)\s+(?:answer|reply|telegram|letter|"
            r"message)\s+has\s+(?:come|arrived)"
        ),
    ),
    (
        "mention-outgoing",
        "mention-outgoing",
        compile_rule(
            r"\b(?:I|We|we)\s+(?:have\s+)?(?:communicated|sent|forwarded|relayed|transmitted)\s+"
            r"[^.\n]{0,80}?\bto\s+(?:Comrades?|Cdes?\.)\s+[A-Z][A-Z\-]+(?:\s+[A-Z][A-Z\-]+)*"
        ),
    ),
    (
        "delivery-report",
        "delivery-report",
        compile_rule(
            r"\b[Yy]our\s+(?:telegram|cable|letter|message)\s+was\s+(?:communicated|"
            r"delivered|handed\s+over|passed)"
        ),
    ),
    (
        "spravka",
        "spravka",
        compile_rule(r"\bSpravka:[^\n]{0,60}?\(\s*from\s+no\.\s*\d+\s*\)", re.I),
    ),
    # Events rather than messages: "Malik's speech", "Kennan's statement", "the Korean
    # comrades have been here". Listed so that nothing cited is lost; they have no target.
    (
        "event-reference",
        "event-speech",
        compile_rule(
            r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?:'s|’s)\s+(?:radio\s+|public\s+|recent\s+)?"
            r"(?:speech|statement|broadcast|declaration|address|interview|proposal|visit)\b"
        ),
    ),
    (
        "event-reference",
        "event-visit",
        compile_rule(
            r"\b(?:the\s+)?[A-Z][a-z]+\s+(?:comrades|delegation|delegates|friends)\s+"
            r"(?:have\s+been|were|came|arrived)\s+(?:here|to\s+[A-Z][a-z]+)"
        ),
    ),
]


# Words one of which must occur for a rule to run at all: a substring test costs almost
# nothing, a regular-expression pass over a long text does not.
_NO_TOKENS = ("No", "NO", "no.", "Nº", "N°", "№", "#", "Nr")
_GATES: dict[str, tuple[str, ...]] = {
    "telegram-heading": ("TELEGRAM", "elegram", "CABLE", "Cable", "ТЕЛЕГРАММ", "елеграмм"),
    "special": ("Special", "Spets", "Спец"),
    "issuing": ("Issuing",),
    "incoming-stamp": ("Incoming", "Incom.", "Вх.", "Входящ"),
    "protocol-number": ("rotocol",),
    "protocol-item": ("Telegram", "Cable", "Letter", "Message", "Note"),
    "cable-shorthand": (
        "Deptel",
        "Embtel",
        "urtel",
        "Urtel",
        "mytel",
        "Mytel",
        "Contel",
        "Circtel",
        "Depcirtel",
        "Embdes",
        "Usun",
    ),
    "ref-post": ("Ref",),
    "mention-outgoing": ("Comrade", "Cde."),
    "copies": ("Cop", "cop", "Экз", "экз", "file", "by"),
    "event-speech": ("'s", "’s"),
    "event-visit": ("comrades", "delegation", "delegates", "friends"),
}
# Sharper gates for rules whose words are common in any long text: the core of the rule,
# which every match must contain, searched in the lower-cased text. Each core begins with
# a literal, so the regular-expression engine jumps ahead to where it can start instead
# of trying the whole rule at every position; the full rule then runs only on the texts
# that can match it. A core must accept everything its rule matches (the upper-case form
# of a case-blind rule included): tests/test_scanning.py checks that.
_SIGN = r"(?:no|nº|n°|№|#|nr)"
_SIGNS = ("no", "nº", "n°", "№", "#", "nr")


def _each(starts: tuple[str, ...], rest: str) -> tuple[re.Pattern[str], ...]:
    """One pattern per literal start: a pattern that begins with a literal is found far
    faster than one that begins with a choice between several."""
    return tuple(compile_rule(re.escape(w) + rest) for w in starts)


_CORES: dict[str, tuple[re.Pattern[str], ...]] = {
    "to-my-no": _each(("my", "our"), r"\s+(?:\S+\s+)?" + _SIGN),
    "your-no": (compile_rule(r"(?:your|ur)\s+(?:\S+\s+){0,2}?[a-z]+\s*" + _SIGN),),
    "paren-no": (compile_rule(r"\(\s*(?:from\s+)?" + _SIGN),),
    "to-no": (compile_rule(r"(?:to|re|ref:?)\s+" + _SIGN),),
    "reference-your": (compile_rule(r"re(?:ference|f\.?)?\s+(?:your|ur)\s+(?:tel\s+)?\d"),),
    "from-station": (compile_rule(r"from\s+\S+\s+" + _SIGN),),
    "mention-incoming": (
        compile_rule(r"received\s+(?:a|the|your)\s"),
        *_each(("'s", "’s"), r"\s+(?:answer|reply|telegram|letter|message)\s+has\s"),
    ),
    "protocol": (compile_rule(_SIGN + r"\.?\s*p\d+/\d"),),
    "spravka": (compile_rule(r"spravka:"),),
    "delivery-report": (compile_rule(r"your\s+(?:telegram|cable|letter|message)\s+was\s"),),
    "event-speech": _each(
        ("'s", "’s"),
        r"\s+(?:radio\s+|public\s+|recent\s+)?"
        r"(?:speech|statement|broadcast|declaration|address|interview|proposal|visit)",
    ),
    "event-visit": _each(
        ("comrades", "delegation", "delegates", "friends"),
        r"\s+(?:have\s+been|were|came|arrived)\s",
    ),
    "copies": (
        *_each(("cop", "экз"), r"(?:y|ies)?\.?\s*(?:" + _SIGN + r"\.?)?\s*\d"),
        compile_rule(r"to\s+file"),
        compile_rule(r"by\s+[a-z]+\s+" + _SIGN),
    ),
}


# A number sign before a number: every rule in _SIGNED needs one.
_SIGNED_NUMBER = _each(_SIGNS, r"\.?\s*[a-z]?\d")
_SIGNED = frozenset({"to-my-no", "your-no", "paren-no", "to-no", "from-station", "protocol"})


def _open(rule: str, text: str, lower: str | None = None) -> bool:
    """Whether ``rule`` can match in ``text``: by its words (each case-sensitive rule that
    has them needs one), then by its core (which also sees the upper-case forms of
    case-blind rules)."""
    words = _GATES.get(rule)
    if words is not None and not any(w in text for w in words):
        return False
    cores = _CORES.get(rule)
    if cores is not None:
        low = text.lower() if lower is None else lower
        if rule in _SIGNED and not _signed(low):
            return False
        return any(c.search(low) for c in cores)
    return True


@functools.lru_cache(maxsize=8)
def _signed(lower: str) -> bool:
    """Whether a lower-cased text has a signed number anywhere (cached: several rules ask
    of the same text)."""
    return any(p.search(lower) is not None for p in _SIGNED_NUMBER)


def read_numbers(text: str) -> list[NumberReading]:
    """Message numbers in ``text``, non-identifiers marked ``own=False``."""
    taken: list[tuple[int, int]] = []
    out: list[NumberReading] = []
    lower = text.lower()
    copies = _open("copies", text, lower)
    for m in _NOT_IDENTIFIERS.finditer(text) if copies else ():
        g = next(x for x in m.groups() if x)
        out.append(NumberReading((m.start(), m.end()), m.group(0), g, "copy", "copy-number", False))
        taken.append((m.start(), m.end()))
    has_no = any(t in text for t in _NO_TOKENS)
    for rule, series, rx in _DESIGNATOR_RULES:
        if not has_no or not _open(rule, text, lower):
            continue
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            number = clean_number(m.group(m.lastindex or 1))
            if not number or not any(c.isdigit() for c in number):
                continue
            taken.append((s, e))
            out.append(NumberReading((s, e), text[s:e].rstrip(), number, series, rule))
    if "[Stamp" in text or "[stamp" in text:
        for block in _STAMP_BLOCK.finditer(text):
            for m in _BARE_NUMBER_LINE.finditer(text, block.start(), block.end()):
                s_, e_ = m.span(1)
                if any(s_ < te and ts < e_ for ts, te in taken):
                    continue
                taken.append((s_, e_))
                out.append(NumberReading((s_, e_), m.group(1), m.group(1), "stamp", "stamp-number"))
    out.sort(key=lambda r: r.span)
    return out


# "[Stamp: SUBJECT TO RETURN ... 757 ... Incoming Nº 254/3612/shs 19 October 1951]": a
# number alone on a line inside a registry stamp is that stamp's number.
_STAMP_BLOCK = compile_rule(r"\[\s*[Ss]tamp:[^\]]{0,400}\]")
_BARE_NUMBER_LINE = compile_rule(r"(?m)^[ \t]*(\d{2,6})[ \t]*$")


def read_references(
    text: str, dated: Sequence[tuple[tuple[int, int], int, str]] = ()
) -> list[ReferenceReading]:
    """Phrases that point at other messages, by number, by date or by event.

    ``dated``: citing phrases already found by the temporal reader, as ``(phrase span,
    date start, lead words)`` ("your telegram of" before "13 June")."""
    out: list[ReferenceReading] = []
    spans: list[tuple[int, int]] = []
    # Which phrases touch each stretch of 256 characters: the first phrase a new one
    # overlaps is found among its neighbours, not among all phrases kept so far.
    near: dict[int, list[int]] = {}

    def add(r: ReferenceReading) -> None:
        s, e = r.span
        candidates = sorted({i for b in range(s >> 8, ((e - 1) >> 8) + 1) for i in near.get(b, ())})
        for i in candidates:
            ts, te = spans[i]
            if s < te and ts < e:
                if (e - s) > (te - ts):  # the longer phrase wins, keeping the numbers
                    old = out[i]  # "Your telegram No. 4512" inside "... of 21.XI.51"
                    if old.numbers and not r.numbers:
                        r = attrs.evolve(
                            r,
                            numbers=old.numbers,
                            number_series=old.number_series,
                            direction=r.direction or old.direction,
                        )
                    spans[i] = (s, e)
                    out[i] = r
                    for b in range(s >> 8, ((e - 1) >> 8) + 1):
                        near.setdefault(b, []).append(i)
                return
        for b in range(s >> 8, ((e - 1) >> 8) + 1):
            near.setdefault(b, []).append(len(spans))
        spans.append((s, e))
        out.append(r)

    lower = text.lower()
    for rule, direction, rx in _REF_RULES:
        if not _open(rule, text, lower):
            continue
        for m in rx.finditer(text):
            if rule == "cable-shorthand":
                word = m.group(1).lower()
                nums = tuple(n for n in re.split(r"[,\s]+", m.group(2)) if n)
                d = (
                    "own"
                    if word in ("embtel", "mytel", "embdes")
                    else ("addressee" if word.startswith("ur") else "")
                )
                add(
                    ReferenceReading(
                        (m.start(), m.end()), m.group(0), word, nums, (word,) * len(nums), d, rule
                    )
                )
                continue
            if rule == "ref-post":
                pairs = re.findall(r"([A-Z][A-Za-z]+)\s+(\d+)", m.group(1))
                add(
                    ReferenceReading(
                        (m.start(), m.end()),
                        m.group(0).rstrip(", "),
                        "ref-post",
                        tuple(n for _, n in pairs),
                        tuple(p.lower() for p, _ in pairs),
                        "",
                        rule,
                    )
                )
                continue
            nums = tuple(clean_number(g) for g in m.groups() if g)
            if rule == "to-my-no":
                series = ("sender",) + ("incoming",) * (len(nums) - 1)
            elif rule in ("your-no", "reference-your", "to-no"):
                series = ("addressee",) * len(nums)  # the addressee's own series
            else:
                series = ("",) * len(nums)
            kind = {
                "to-my-no": "to-my-no",
                "your-no": "your-no",
                "reference-your": "your-no",
                "to-no": "to-no",
                "paren-no": "number",
            }[rule]
            if rule == "to-my-no" and re.match(r"In\s+addition", m.group(0), re.I):
                kind = "in-addition-to-my-no"
            add(
                ReferenceReading(
                    (m.start(), m.end()),
                    m.group(0).rstrip("."),
                    kind,
                    nums,
                    series,
                    direction,
                    rule,
                )
            )
    for span, date_start, lead in dated:
        words = [_WHO_RU.get(w, w) for w in lead.split()]
        at = next(
            (
                i
                for i, w in enumerate(words)
                if w.rstrip("s") in _NOUNS or w.startswith(("телеграмм", "письм"))
            ),
            len(words),
        )
        noun = words[at] if at < len(words) else "message"
        if noun.startswith("телеграмм"):
            noun = "telegram"
        who = next((w for w in reversed(words[:at]) if w in _WHO), "the")
        direction = {"your": "addressee", "ur": "addressee", "my": "own", "our": "own"}.get(
            who, "third"
        )
        add(
            ReferenceReading(
                span,
                text[span[0] : span[1]],
                f"{who}-{noun.rstrip('s')}-of-date",
                (),
                (),
                direction,
                "ref-by-date",
                date_span=(date_start, date_start),
            )
        )
    for kind, gate, rx in _MENTIONS:
        if not _open(gate, text, lower=lower):
            continue
        for m in rx.finditer(text):
            nums = tuple(re.findall(r"no\.\s*(\d+)", m.group(0), re.I))
            add(
                ReferenceReading(
                    (m.start(), m.end()), m.group(0), kind, nums, ("",) * len(nums), "", kind
                )
            )
    out.sort(key=lambda r: r.span)
    return out
