"""The records Trellis keeps, as pydantic models.

Every record carries what pair sync needs from the first day: a random id, the
owner, a clock stamp for the record and one per field, a tombstone flag, the
owner's consent to share, and the schema version. Views hand these models to
the services in app/ and get them back; nothing else touches the store.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
import uuid
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)

from .hlc import is_stamp

SCHEMA_VERSION = 2  # 2: goal reflections are records of their own (kind goal_reflection)
TITLE_MAX = 200
NOTE_MAX = 5000
WORD_MAX = 40
LIST_MAX = 40

# Fields the store manages itself; every other field gets its own clock stamp.
SYNC_FIELDS = frozenset({"id", "kind", "owner", "updated", "stamps", "version"})

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

UNSHOWABLE = "has characters that cannot be shown"
# Characters that never belong in what a person wrote: control codes (they can
# move a terminal's cursor or recolour it), and the invisible ones that reverse
# or isolate the direction of text (they can make a title read as another).
_INVISIBLE = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\ufeff"
)


def _clean(text: str, allowed: str) -> str:
    for char in text:
        if char in allowed:
            continue
        if char in _INVISIBLE or unicodedata.category(char) in ("Cc", "Cs"):
            raise ValueError(UNSHOWABLE)
    return text


def _one_line(text: str) -> str:
    return _clean(text, "")


def _lines(text: str) -> str:
    # Line ends as Windows or old Macs write them are plain line ends here.
    return _clean(text.replace("\r\n", "\n").replace("\r", "\n"), "\n\t")


def scrub(text: str, one_line: bool) -> str:
    """Text with what cannot be shown taken out (for records saved before
    Trellis refused it): line ends and tabs become spaces where one line is kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if one_line:
        text = text.replace("\n", " ").replace("\t", " ")
    return "".join(
        c for c in text if c in "\n\t" or not (c in _INVISIBLE or unicodedata.category(c) in ("Cc", "Cs"))
    )


def _stamp_or_blank(text: str) -> str:
    if text and not is_stamp(text):
        raise ValueError("is not a clock stamp Trellis can read")
    return text


OneLine = AfterValidator(_one_line)
Lines = AfterValidator(_lines)


def new_id() -> str:
    return uuid.uuid4().hex


def _iso_date(value: Any) -> dt.date:
    # Only a real date or the ISO form YYYY-MM-DD: no timestamps, no "today".
    if isinstance(value, dt.datetime):
        raise ValueError("use a date in the form YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("use a date in the form YYYY-MM-DD, for example 2026-03-14")


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str, when_used="json"),
]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX), OneLine]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTE_MAX), Lines]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NOTE_MAX), Lines]
Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=WORD_MAX), OneLine]
Scale = Annotated[int, Strict(), Field(ge=1, le=5)]
RecordId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
Words = Annotated[list[Word], Field(max_length=LIST_MAX)]


class Record(BaseModel):
    """Fields every stored record has."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    KIND: ClassVar[str] = ""
    # The field that places a record on the calendar, if any (used for ranges).
    DATE_FIELD: ClassVar[str | None] = None

    id: RecordId = Field(default_factory=new_id)
    owner: str = Field(default="", pattern=r"^[0-9a-z]{0,32}$")  # the person's id (app/identity.py)
    updated: Annotated[str, AfterValidator(_stamp_or_blank)] = ""
    stamps: dict[str, Annotated[str, AfterValidator(_stamp_or_blank)]] = Field(default_factory=dict)
    deleted: bool = False
    shared: bool = False
    version: int = Field(default=SCHEMA_VERSION, ge=1)

    @classmethod
    def content_fields(cls) -> list[str]:
        return [name for name in cls.model_fields if name not in SYNC_FIELDS]


class Profile(Record):
    KIND: ClassVar[str] = "profile"
    kind: Literal["profile"] = "profile"
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80), OneLine] = ""
    role: Literal["mentee", "mentor"] | None = None


GoalStatus = Literal["active", "paused", "achieved", "let_go"]


class Goal(Record):
    KIND: ClassVar[str] = "goal"
    kind: Literal["goal"] = "goal"
    title: Title
    measure: Note = ""
    doable: Note = ""
    why: Note = ""
    by: IsoDate | None = None
    strengths: Note = ""
    support: Note = ""
    status: GoalStatus = "active"
    learned: Note = ""
    created: IsoDate | None = None


class GoalReflection(Record):
    """A short dated note on a goal. Its own record (since schema 2), so that
    notes added on two devices are both kept when they merge."""

    KIND: ClassVar[str] = "goal_reflection"
    DATE_FIELD: ClassVar[str | None] = "day"
    kind: Literal["goal_reflection"] = "goal_reflection"
    goal_id: RecordId
    day: IsoDate
    text: Text


class Milestone(Record):
    KIND: ClassVar[str] = "milestone"
    DATE_FIELD: ClassVar[str | None] = "done_on"
    kind: Literal["milestone"] = "milestone"
    goal_id: RecordId
    title: Title
    order: float = 0.0
    done: bool = False
    done_on: IsoDate | None = None
    note: Note = ""


class SelfCareCheckin(Record):
    KIND: ClassVar[str] = "selfcare"
    DATE_FIELD: ClassVar[str | None] = "day"
    kind: Literal["selfcare"] = "selfcare"
    day: IsoDate
    mood: Scale | None = None
    energy: Scale | None = None
    sleep: Scale | None = None
    stress: Scale | None = None
    feelings: Words = Field(default_factory=list)
    care: Words = Field(default_factory=list)
    note: Note = ""


class ResilienceCheckin(Record):
    KIND: ClassVar[str] = "resilience"
    DATE_FIELD: ClassVar[str | None] = "week"
    kind: Literal["resilience"] = "resilience"
    week: IsoDate  # the Monday of the week reflected on
    challenge: Note = ""
    helped: Note = ""
    strength: Note = ""
    supporters: Note = ""
    bounce_back: Scale | None = None
    next_step: Note = ""


class Achievement(Record):
    KIND: ClassVar[str] = "achievement"
    DATE_FIELD: ClassVar[str | None] = "day"
    kind: Literal["achievement"] = "achievement"
    rule: Word
    key: Annotated[str, StringConstraints(min_length=1, max_length=120), OneLine]  # one award per key
    day: IsoDate
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=TITLE_MAX), OneLine] = ""
    message: Note = ""
    feeling: Note = ""
    subject_id: RecordId | None = None


class Comment(Record):
    KIND: ClassVar[str] = "comment"
    DATE_FIELD: ClassVar[str | None] = "day"
    kind: Literal["comment"] = "comment"
    target_id: RecordId
    author_role: Literal["mentee", "mentor"]
    day: IsoDate
    text: Text
    encouragement: bool = False


class NextStep(BaseModel):
    """A step agreed in a review; it becomes a step on the mentee's goal only
    when the mentee accepts it (app/review.py)."""

    model_config = ConfigDict(extra="forbid")
    goal_id: RecordId
    title: Title


class PairReview(Record):
    KIND: ClassVar[str] = "review"
    DATE_FIELD: ClassVar[str | None] = "day"
    kind: Literal["review"] = "review"
    day: IsoDate
    milestone_ids: Annotated[list[RecordId], Field(max_length=500)] = Field(default_factory=list)
    notes: Note = ""
    next_steps: Annotated[list[NextStep], Field(max_length=20)] = Field(default_factory=list)


class Agreement(Record):
    KIND: ClassVar[str] = "agreement"
    kind: Literal["agreement"] = "agreement"
    text: Note = ""
    how_we_meet: Note = ""
    mentee_agreed_on: IsoDate | None = None
    mentor_agreed_on: IsoDate | None = None


class SupportContact(Record):
    KIND: ClassVar[str] = "contact"
    kind: Literal["contact"] = "contact"
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), OneLine]
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40, pattern=r"^[0-9+()\-. ]*$")] = ""
    note: Note = ""
    crisis_line: bool = False


class Settings(Record):
    KIND: ClassVar[str] = "settings"
    kind: Literal["settings"] = "settings"
    theme: Literal["system", "light", "dark"] = "system"
    text_scale: Annotated[float, Field(ge=0.8, le=2.0)] = 1.0
    reduced_motion: bool = False
    own_care_actions: Words = Field(default_factory=list)
    support_prompt_dismissed_on: IsoDate | None = None
    onboarded: bool = False



# Checked for hidden characters first, so the person hears why, not "does not match".
CardId = Annotated[
    str,
    BeforeValidator(lambda v: _one_line(v) if isinstance(v, str) else v),
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=WORD_MAX),
]


class JournalEntry(Record):
    """A reflection written from a Learn card. Private like everything else:
    it reaches the pair only if its owner shares it."""

    KIND: ClassVar[str] = "journal"
    DATE_FIELD: ClassVar[str | None] = "day"
    kind: Literal["journal"] = "journal"
    day: IsoDate
    card_id: CardId
    prompt: Annotated[str, StringConstraints(strip_whitespace=True, max_length=TITLE_MAX), OneLine] = ""
    text: Text


class CardMark(Record):
    """What one person did with one Learn card: found it helpful, read it,
    asked not to have it suggested again. One record per card."""

    KIND: ClassVar[str] = "card_mark"
    kind: Literal["card_mark"] = "card_mark"
    card_id: CardId
    helpful: bool = False
    seen_on: IsoDate | None = None
    suggestion_dismissed: bool = False


RECORD_TYPES: dict[str, type[Record]] = {
    cls.KIND: cls
    for cls in (
        Profile,
        Goal,
        GoalReflection,
        Milestone,
        SelfCareCheckin,
        ResilienceCheckin,
        Achievement,
        Comment,
        PairReview,
        Agreement,
        SupportContact,
        Settings,
        JournalEntry,
        CardMark,
    )
}
KINDS = tuple(RECORD_TYPES)

AnyRecord = Annotated[
    Union[tuple(RECORD_TYPES.values())],  # type: ignore[valid-type]
    Field(discriminator="kind"),
]
_any_record = TypeAdapter(AnyRecord)


def _marked(field, marker) -> bool:
    def inside(annotation) -> bool:
        return any(arg is marker or inside(arg) for arg in typing.get_args(annotation))

    return marker in field.metadata or inside(field.annotation)


# Per kind, the text fields and whether each keeps to one line (for scrub_doc).
TEXT_FIELDS: dict[str, dict[str, bool]] = {
    kind: {
        name: _marked(field, OneLine)
        for name, field in model.model_fields.items()
        if _marked(field, OneLine) or _marked(field, Lines)
    }
    for kind, model in RECORD_TYPES.items()
}


def scrub_doc(doc: dict) -> dict:
    """A copy of a stored document with every text field scrubbed (see scrub)."""
    out = dict(doc)
    for name, one_line in TEXT_FIELDS.get(doc.get("kind"), {}).items():
        value = out.get(name)
        if isinstance(value, str):
            out[name] = scrub(value, one_line)
        elif isinstance(value, list):
            out[name] = [scrub(v, one_line) if isinstance(v, str) else v for v in value]
    return out


def parse_record(data: Any) -> Record:
    """Validate a stored or imported document into its model."""
    if isinstance(data, dict) and data.get("kind") not in RECORD_TYPES:
        raise ValueError(f"unknown kind of record: {data.get('kind')!r}")
    return _any_record.validate_python(data)


_PLAIN = {
    "string_too_short": "cannot be blank",
    "string_too_long": "is too long (at most {max_length} characters)",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "extra_forbidden": "is not a field Trellis knows",
    "missing": "is needed",
    "int_type": "must be a whole number",
    "bool_type": "must be yes or no",
    "too_long": "has too many items (at most {max_length})",
    "string_pattern_mismatch": "has characters that do not belong there",
    "literal_error": "must be one of: {expected}",
}


def plain_errors(error: ValidationError) -> str:
    """One short line a person can act on, instead of pydantic's report."""
    parts = []
    for item in error.errors():
        field = ".".join(str(p) for p in item["loc"] if not isinstance(p, int) and p not in RECORD_TYPES)
        template = _PLAIN.get(item["type"])
        ctx = item.get("ctx") or {}
        if template:
            try:
                message = template.format(**ctx)
            except (KeyError, IndexError):
                message = template
        else:
            message = str(ctx.get("error") or item["msg"])
            message = message.removeprefix("Value error, ")
        parts.append(f"{field.replace('_', ' ') or 'record'} {message}".strip())
    return "; ".join(dict.fromkeys(parts))
