"""The mentoring agreement of one pair: either side edits, each side agrees.

The pair file lets each person write only their own records, so an
agreement is two records, one per person, each holding the text as that
person last wrote or agreed to it, and that person's "I agree" date:

- the current text is the one written last (the newest stamp on `text`);
- a person has agreed to the current version when their own record holds
  exactly that text and their own agreed date;
- an edit by either side makes a new current text, so both are asked again
  (the editor's own agreement is cleared, and the other side's record no
  longer holds the current text).

A version is named by a short hash of its text, so both can check on a call
that they agreed to the same words. Nothing here imports Flet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Callable, Literal, Sequence

from pydantic import BaseModel, Field

from typing import Annotated

from pydantic import AfterValidator

from .content import Line, Short, _Model, _no_placeholders, _read_toml, _text, _validate, default_directory
from .models import NOTE_MAX, Agreement

Role = Literal["mentee", "mentor"]


class AgreementSection(_Model):
    heading: Short
    text: Annotated[str, _text(800), AfterValidator(_no_placeholders)]


class AgreementTemplate(_Model):
    title: Short
    intro: Line
    sections: tuple[AgreementSection, ...] = Field(min_length=3, max_length=20)

    def text(self) -> str:
        """The template as one editable text: a heading line, then its lines, per section."""
        parts = [f"{s.heading}\n{s.text.strip()}" for s in self.sections]
        return "\n\n".join(parts)


def load_template(directory: Path | None = None) -> AgreementTemplate:
    """content/agreement.toml, checked (ContentError names the file and field)."""
    directory = Path(directory) if directory else default_directory()
    label = f"{directory.name}/agreement.toml"
    template = _validate(AgreementTemplate, _read_toml(directory / "agreement.toml", label), label)
    if len(template.text()) > NOTE_MAX:
        from .content import ContentError

        raise ContentError(label, "sections", f"is too long as one text (at most {NOTE_MAX} characters)")
    return template


def version_of(text: str) -> str:
    """A short name for one version of the text, the same on both devices: "3f2a 9c01"."""
    digest = hashlib.sha256(text.strip().encode("utf-8")).hexdigest()
    return f"{digest[:4]} {digest[4:8]}"


def _field(role: Role) -> str:
    return f"{role}_agreed_on"


class AgreementState(BaseModel):
    text: str
    version: str
    from_template: bool  # nobody has written or agreed yet
    my_role: Role
    i_agreed_on: dt.date | None = None  # None: I have not agreed to this version
    they_agreed_on: dt.date | None = None
    edited_by: Literal["me", "them"] | None = None  # who wrote the current text

    @property
    def both_agreed(self) -> bool:
        return self.i_agreed_on is not None and self.they_agreed_on is not None


class AgreementError(ValueError):
    """A plain one-line reason nothing was changed."""


class AgreementService:
    """One pair's agreement as seen from this device.

    `mine` finds my own Agreement record for the pair (None before I first
    save), `theirs` the other person's as synced (None until it arrives),
    `save_new` saves a new record of mine and shares it with the pair,
    `patch` changes named fields of mine.
    """

    def __init__(
        self,
        *,
        role: Role,
        today: Callable[[], dt.date],
        mine: Callable[[], Agreement | None],
        theirs: Callable[[], Agreement | None],
        save_new: Callable[[Agreement], Agreement],
        patch: Callable[[str, dict], Agreement],
        template: AgreementTemplate | None = None,
    ):
        self.role: Role = role
        self.other: Role = "mentor" if role == "mentee" else "mentee"
        self.today = today
        self._mine, self._theirs, self._save_new, self._patch = mine, theirs, save_new, patch
        self.template = template or load_template()

    # ---- reading -------------------------------------------------------------
    def state(self) -> AgreementState:
        mine, theirs = self._mine(), self._theirs()
        written = [(r.stamps.get("text", ""), who, r) for who, r in (("me", mine), ("them", theirs))
                   if r is not None and not r.deleted and r.text.strip()]
        if not written:
            text = self.template.text()
            return AgreementState(text=text, version=version_of(text), from_template=True, my_role=self.role)
        # The newest text wins; a tie in stamps (never from one clock) goes to the larger text, so both agree.
        _, who, current = max(written, key=lambda w: (w[0], w[2].text))
        text = current.text

        def agreed(record: Agreement | None, role: Role) -> dt.date | None:
            if record is None or record.deleted or record.text.strip() != text.strip():
                return None
            return getattr(record, _field(role))

        return AgreementState(
            text=text,
            version=version_of(text),
            from_template=False,
            my_role=self.role,
            i_agreed_on=agreed(mine, self.role),
            they_agreed_on=agreed(theirs, self.other),
            edited_by=who,
        )

    # ---- writing -------------------------------------------------------------
    def _write(self, changes: dict) -> Agreement:
        mine = self._mine()
        if mine is None or mine.deleted:
            return self._save_new(Agreement(shared=True, **changes))
        return self._patch(mine.id, changes)

    def edit(self, text: str) -> AgreementState:
        """Save new words. Changing them asks both people to agree again;
        saving the same words changes nothing."""
        text = (text or "").replace("\r\n", "\n").strip()
        if not text:
            raise AgreementError("The agreement cannot be empty; write at least a line, or keep the suggested text.")
        if len(text) > NOTE_MAX:
            raise AgreementError(f"The agreement is too long (at most {NOTE_MAX} characters).")
        if text == self.state().text.strip() and not self.state().from_template:
            return self.state()
        self._write({"text": text, _field(self.role): None})
        return self.state()

    def agree(self, version: str) -> AgreementState:
        """Record "I agree to this version". `version` is the one the person read:
        if the text changed meanwhile (a sync), nothing is recorded."""
        state = self.state()
        if version != state.version:
            raise AgreementError("The agreement changed since you read it; read the new version first.")
        self._write({"text": state.text, _field(self.role): self.today()})
        return self.state()

    def withdraw(self) -> AgreementState:
        """Take back my agreement (the text stays)."""
        if self._mine() is not None:
            self._write({_field(self.role): None})
        return self.state()


def for_pair(trellis, pair_id: str) -> AgreementService:
    """The agreement of one pair, through the pair service (records shared with
    the pair, and the other side's as synced)."""
    from .pairdata import PairData

    data = PairData(trellis, pair_id)
    return AgreementService(
        role=data.my_role,
        today=trellis.today,
        mine=lambda: data.mine(Agreement),
        theirs=lambda: data.theirs(Agreement),
        save_new=data.save_shared,
        patch=lambda rid, changes: trellis.store.patch(Agreement, rid, changes),
    )


def latest(records: Sequence[Agreement]) -> Agreement | None:
    """Of several records of one person (two devices), the one edited last."""
    live = [r for r in records if not r.deleted]
    return max(live, key=lambda r: r.updated) if live else None
