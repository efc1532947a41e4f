"""Which act a date is the date of: the kind of event a reading becomes.

A role word before a date ("Received", "sent", "approved") or a verb after it ("... I
received") names an act, but only when it is the act that the date dates: not a word
inside another ("present"), an adjective ("a typed copy"), a verb with people for its
object ("I received Ambassador Panikkar"), or, in a FRUS document, the writer's act on
another thing in the body or the editors' remark on another document in the notes. The
form of the document decides the rest (a dateline, a stamp, a signature line).
"""

from __future__ import annotations

import re

from chronology.clocks import line_place
from chronology.context import _Ctx
from chronology.model import EventKind
from chronology.patterns import compile_rule
from chronology.reading.temporal import Reading
from chronology.reading.vocabulary import MESSAGE_NOUNS_RE
from chronology.sources import actors
from chronology.sources.profile import MOSCOW_OFFICE, Region

KIND_BY_LEAD = {
    "received": EventKind.RECEIVED,
    "rec'd": EventKind.RECEIVED,
    "recd": EventKind.RECEIVED,
    "receipt": EventKind.RECEIVED,
    "arrived": EventKind.RECEIVED,
    "sent": EventKind.SENT,
    "dispatched": EventKind.SENT,
    "despatched": EventKind.SENT,
    "transmitted": EventKind.SENT,
    "deciphered": EventKind.DECIPHERED,
    "decoded": EventKind.DECIPHERED,
    "decrypted": EventKind.DECIPHERED,
    "typed": EventKind.TYPED,
    "printed": EventKind.TYPED,
    "verified": EventKind.TYPED,
    "registered": EventKind.REGISTERED,
    "delivered": EventKind.DELIVERED,
    "communicated": EventKind.DELIVERED,
    "handed": EventKind.DELIVERED,
    "signed": EventKind.WRITTEN,
    "dated": EventKind.WRITTEN,
    "written": EventKind.WRITTEN,
    "drafted": EventKind.WRITTEN,  # "Drafted by Meloy on January 17" (FRUS source notes)
    "prepared": EventKind.WRITTEN,
    "decision": EventKind.DECIDED,
    "approved": EventKind.DECIDED,
    "copied": EventKind.SENT,
    "distributed": EventKind.REGISTERED,
    "incoming": EventKind.REGISTERED,
    "получена": EventKind.RECEIVED,
    "отправлена": EventKind.SENT,
    "расшифрована": EventKind.DECIPHERED,
    "отпечатана": EventKind.TYPED,
}


# ---------------------------------------------------------------- kinds
def kind_of(r: Reading, region: Region, ctx: _Ctx) -> EventKind:
    lay = ctx.layout
    if lay.catalogue and r.span[0] < lay.catalogue[1]:
        return EventKind.CATALOGUED
    if r.lead.startswith("ref:"):
        return EventKind.MENTIONED
    if lay.family == "frus" and _frus_aside(r, ctx):
        return EventKind.MENTIONED
    if r.trail in ("received", "got"):
        return EventKind.RECEIVED if _of_a_message(r, ctx) else EventKind.MENTIONED
    if r.trail in ("delivered", "handed"):
        return EventKind.DELIVERED if _of_a_message(r, ctx) else EventKind.MENTIONED
    kind = KIND_BY_LEAD.get(r.lead.split(" ")[0])
    if kind is EventKind.RECEIVED and r.lead.startswith("arrived") and _people_arrived(r, ctx):
        return EventKind.MENTIONED
    in_header = lay.family == "soviet-telegram" and not region.quoted and r.span[0] < lay.header_end
    if kind is EventKind.RECEIVED and in_header and lay.direction == "from-moscow":
        # On an outgoing form, "Received" is the cipher office taking in the text to be
        # enciphered: it comes before sending.
        return EventKind.FILED
    if (
        kind is EventKind.SENT
        and lay.direction == "to-moscow"
        and MOSCOW_OFFICE.search(ctx.text[ctx.text.rfind("\n", 0, r.span[0]) + 1 : r.span[0]])
    ):
        # "Sent to the 8th Department ..." on an incoming telegram: passed on inside
        # Moscow after receipt, not the sender's dispatch.
        return EventKind.REGISTERED
    if kind is not None:
        return kind
    if lay.dateline and lay.dateline[0] <= r.span[0] < lay.dateline[1]:
        return EventKind.SENT if re.search(r"Telegram|Cable", ctx.text[:300]) else EventKind.WRITTEN
    if _alone_or_signed(r, ctx):
        return (
            EventKind.WRITTEN
            if region.quoted
            else (EventKind.SENT if lay.family == "soviet-telegram" else EventKind.WRITTEN)
        )
    return EventKind.MENTIONED


_DOCUMENT = r"(?:telegram|message|cable|memorandum|letter|note|document|report)"
# Words by which a sentence speaks of the document itself: in its body only "this
# telegram"; in its source note also "the memorandum", "the source text", "it".
_ITSELF = compile_rule(rf"(?i)\bthis\s+{_DOCUMENT}\b|\bthe\s+source\s+text\b|\bit\s+was\b")
_SOURCE_ITSELF = compile_rule(
    rf"(?i)\b(?:this|the)\s+(?:{_DOCUMENT}|source\s+text|paper|minutes)\b|\bit\b"
)
_NOTE_OPENING = compile_rule(r"^\d{1,3}\.\s*Source\W[^.]*$")  # "1. Source: Department of State"
_BRACKETED_STAMP = compile_rule(
    r"\[\s*(?:received|rec'd|recd|sent|dispatched|despatched|transmitted)\b", re.IGNORECASE
)


def _frus_aside(r: Reading, ctx: _Ctx) -> bool:
    """In a FRUS document, dates that are not the document's own events although a role
    word stands before them: those in the editors' notes other than the source note
    ("Attached to an October 1 letter ..."), and the writer's acts on other things in the
    body ("I delivered the note at noon today", "Yesterday I received your letter"),
    unless the sentence is about the document itself ("This telegram was received at
    ..."). The dateline, the bracketed receipt after it and the source note keep theirs."""
    lay = ctx.layout
    pos = r.span[0]
    verb = r.lead.split(" ")[0]
    if lay.in_notes(pos):
        if not lay.in_source_note(pos):
            return True
        # In the source note an act is the document's when the sentence says so: it opens
        # with the act ("Drafted by Meloy on January 17", "Received at 9:04 a.m."), joins
        # another of its acts ("Drafted by Crane, and approved ... May 28") or names the
        # document ("The memorandum is dated October 20", "it was received at"); not
        # "Minutes of the meeting, prepared on August 2" or "Copies were sent to ...".
        if verb not in KIND_BY_LEAD:
            return False
        before = ctx.text[max(lay.source_note[0], pos - 200) : r.span[1]]
        at = before.lower().rfind(verb)
        if at < 0:
            return False
        ends = [m.end() for m in _SENTENCE_END.finditer(before, 0, at)]
        subject = before[ends[-1] if ends else 0 : at].strip(" \t\"“”'")
        subject = _NOTE_OPENING.sub("", subject).strip()
        return not (
            not subject
            or _SOURCE_ITSELF.search(subject)
            or subject.split(" ")[0].lower().rstrip(",") in KIND_BY_LEAD
            or _SOURCE_ITSELF.search(before[at + len(verb) :])  # "sent the memorandum ..."
        )
    if lay.dateline is None or pos < lay.dateline[1]:
        return False
    if not (r.trail or verb in KIND_BY_LEAD):
        return False
    line_start = ctx.text.rfind("\n", 0, pos) + 1
    if _BRACKETED_STAMP.match(ctx.text, line_start):  # "[Received June 24—1:13 a.m.]"
        return False
    before = ctx.text[max(line_start, pos - 200) : pos]
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]
    return not _ITSELF.search(before[ends[-1] if ends else 0 :])


_MESSAGE_NOUN = compile_rule(rf"(?i)\b{MESSAGE_NOUNS_RE}\b")
# The end of a sentence or clause; not the period of an initial ("Joseph A. Yager",
# "U.S.") or of a title ("Mr. Rusk").
_SENTENCE_END = compile_rule(
    r"(?<![\s.][A-Z])(?<!Mr)(?<!Mrs)(?<!Ms)(?<!Dr)(?<!St)(?<!Jr)(?<!Sr)(?<!No)[.;:!?]\s|\n"
)


def _people_arrived(r: Reading, ctx: _Ctx) -> bool:
    """Whether the "arrived" before a date has people for its subject ("Gao Gang and Kim
    Il Sung arrived in Moscow yesterday"), not a message ("Your telegram arrived on 13
    June") or a stamp ("Arrived 19:55 13.6.51"): people arriving is no receipt."""
    before = ctx.text[max(0, r.span[0] - 160) : r.span[1]]  # the stamp word may lead it
    at = before.lower().rfind("arrived")
    if at < 0:
        return False
    ends = [m.end() for m in _SENTENCE_END.finditer(before, 0, at)]
    subject = before[ends[-1] if ends else 0 : at].strip(" \t\"'«“[(")
    return bool(subject) and not _MESSAGE_NOUN.search(subject)


def _of_a_message(r: Reading, ctx: _Ctx) -> bool:
    """Whether the verb after a date ("... I received", "... we handed") has a message for
    its object ("the following telegram", "your letter"), not a person ("At 1 a.m. today
    I received Indian Ambassador Panikkar")."""
    after = ctx.text[r.span[1] : r.span[1] + 120]
    at = after.lower().find(r.trail)
    if at < 0:
        return True
    obj = after[at + len(r.trail) : at + len(r.trail) + 50]
    end = _SENTENCE_END.search(obj)
    return _MESSAGE_NOUN.search(obj[: end.start() if end else len(obj)]) is not None


def _alone_or_signed(r: Reading, ctx: _Ctx) -> bool:
    text = ctx.text
    ls = text.rfind("\n", 0, r.span[0]) + 1
    le = text.find("\n", r.span[1])
    le = len(text) if le < 0 else le
    if le - ls > 200:  # a date in a long line of prose is neither alone nor signed
        return False
    line = text[ls:le]
    rest = (line[: r.span[0] - ls] + line[r.span[1] - ls :]).strip(" .\"'”»[]")
    return (
        not rest
        or (len(line) < 60 and actors.find_actor(rest) is not None)
        # "Pyongyang, 29 September 1950" closing a letter (in FRUS, a second dateline is
        # an attachment's)
        or (ctx.layout.family != "frus" and line_place(r, ctx) is not None)
    )
