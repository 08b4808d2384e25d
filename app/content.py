"""The app's words, loaded from content/*.toml and checked on load.

Words live in data so they can be reviewed and translated without touching
code. Every file is validated strictly (unknown keys, empty text, wrong
counts, unknown placeholders) so a typo shows up when the app starts, as a
ContentError naming the file and the field, not as a blank label or a
"{goal}" on a celebration screen. No Flet import here: icon names are only
checked for shape; tests check them against ft.Icons.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import re
import string
import tomllib
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    field_validator,
)

SHORT_MAX = 40  # labels, words, titles: they sit on buttons and chips
LINE_MAX = 200  # one or two short sentences
TEXT_MAX = 600  # an intro paragraph

SCALE_KEYS = ("mood", "energy", "sleep", "stress")
REFLECTION_KEYS = ("challenge", "helped", "strength", "supporters", "bounce_back", "next_step")
FEELING_GROUPS = ("pleasant", "mixed", "hard")

# Hours (inclusive start) at which each part of the day begins.
_DAY_PARTS = ((22, "night"), (18, "evening"), (12, "afternoon"), (5, "morning"), (0, "night"))


class ContentError(Exception):
    """A content file is missing, unreadable or does not pass the checks."""

    def __init__(self, file: str, field: str, problem: str, more: list[str] | None = None):
        self.file, self.field, self.problem = file, field, problem
        first = f"{file}: {field}: {problem}" if field else f"{file}: {problem}"
        super().__init__("\n".join([first, *(more or [])]))


# ---- text checks -------------------------------------------------------------

_FORMATTER = string.Formatter()


def placeholders(text: str) -> set[str]:
    """The {names} used in a text; a stray brace or a {name.attr}/{name:spec} is an error."""
    names = set()
    try:
        parts = list(_FORMATTER.parse(text))
    except ValueError:
        raise ValueError("a { or } without its partner; write placeholders as {name}") from None
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        # Only bare names: attribute access or format specs would let a
        # translation reach into the values passed in.
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"{{{name}}} is not a simple placeholder; use {{name}} only")
        names.add(name)
    return names


def _no_placeholders(text: str) -> str:
    if placeholders(text):
        raise ValueError("no {placeholders} are allowed here")
    return text


def _template(allowed: frozenset[str], required: frozenset[str] = frozenset()):
    def check(text: str) -> str:
        found = placeholders(text)
        unknown = sorted(found - allowed)
        if unknown:
            can = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "none"
            raise ValueError(f"unknown placeholder {{{unknown[0]}}}; allowed here: {can}")
        missing = sorted(required - found)
        if missing:
            raise ValueError(f"{{{missing[0]}}} is needed in this text")
        return text

    return AfterValidator(check)


def _text(max_length: int):
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


Short = Annotated[str, _text(SHORT_MAX), AfterValidator(_no_placeholders)]
Line = Annotated[str, _text(LINE_MAX), AfterValidator(_no_placeholders)]
Text = Annotated[str, _text(TEXT_MAX), AfterValidator(_no_placeholders)]
Seconds = Annotated[int, Strict(), Field(ge=0, le=20)]


def _five(labels: tuple[str, ...]) -> tuple[str, ...]:
    if len(labels) != 5:
        raise ValueError("exactly 5 labels are needed")
    return labels


Labels = Annotated[tuple[Short, ...], AfterValidator(_five)]


def _unique(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        key = value.casefold()
        if key in seen:
            raise ValueError(f"the {what} {value!r} appears more than once")
        seen.add(key)


class _Model(BaseModel):
    # frozen: the default Content is cached and shared by every screen.
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---- feelings.toml -----------------------------------------------------------

class Feeling(_Model):
    word: Short
    group: Literal["pleasant", "mixed", "hard"]

    @field_validator("word")
    @classmethod
    def _single_lower_word(cls, word: str) -> str:
        if not re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)*", word) or word != word.lower():
            raise ValueError(f"{word!r} should be one word in lower case")
        return word


class FeelingsFile(_Model):
    feelings: tuple[Feeling, ...] = Field(min_length=6, max_length=60)

    @field_validator("feelings")
    @classmethod
    def _unique_words(cls, feelings: tuple[Feeling, ...]) -> tuple[Feeling, ...]:
        _unique([f.word for f in feelings], "word")
        return feelings


# ---- selfcare.toml -----------------------------------------------------------

class CareAction(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=SHORT_MAX)]
    label: Short
    icon: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9_]*$", max_length=60)]


class SelfCareFile(_Model):
    actions: tuple[CareAction, ...] = Field(min_length=1, max_length=40)
    ideas: tuple[Line, ...] = Field(min_length=7)

    @field_validator("actions")
    @classmethod
    def _unique_actions(cls, actions: tuple[CareAction, ...]) -> tuple[CareAction, ...]:
        _unique([a.id for a in actions], "id")
        _unique([a.label for a in actions], "label")
        return actions

    @field_validator("ideas")
    @classmethod
    def _unique_ideas(cls, ideas: tuple[str, ...]) -> tuple[str, ...]:
        _unique(list(ideas), "idea")
        return ideas


# ---- checkin.toml ------------------------------------------------------------

class ScaleQuestion(_Model):
    question: Line
    why: Line
    labels: Labels  # for the answers 1 to 5, in order


class Question(_Model):
    question: Line
    why: Line


class NotePrompt(_Model):
    prompt: Line
    why: Line


class CheckinText(_Model):
    intro: Text
    skip: Short
    skip_hint: Line
    thanks: tuple[Line, ...] = Field(min_length=1)
    mood: ScaleQuestion
    energy: ScaleQuestion
    sleep: ScaleQuestion
    stress: ScaleQuestion
    feelings: Question
    care: Question
    note: NotePrompt

    @property
    def scales(self) -> dict[str, ScaleQuestion]:
        """The four scale questions in the order they are asked."""
        return {key: getattr(self, key) for key in SCALE_KEYS}


# ---- resilience.toml ---------------------------------------------------------

class ReflectionPrompt(_Model):
    title: Short
    prompt: Line
    why: Line
    hint: Line


class ScalePrompt(ReflectionPrompt):
    labels: Labels  # for the answers 1 to 5, in order


class ResilienceText(_Model):
    title: Short
    intro: Text
    thanks: Line
    challenge: ReflectionPrompt
    helped: ReflectionPrompt
    strength: ReflectionPrompt
    supporters: ReflectionPrompt
    bounce_back: ScalePrompt
    next_step: ReflectionPrompt

    @property
    def prompts(self) -> dict[str, ReflectionPrompt]:
        """The prompts in the order they are asked; bounce_back is a ScalePrompt."""
        return {key: getattr(self, key) for key in REFLECTION_KEYS}


# ---- support.toml ------------------------------------------------------------

class Grounding(_Model):
    title: Short
    intro: Line
    steps: tuple[Line, ...] = Field(min_length=3, max_length=10)


class Breathing(_Model):
    title: Short
    intro: Line
    in_seconds: Annotated[Seconds, Field(ge=1)]
    hold_seconds: Seconds  # 0 means no pause between in and out
    out_seconds: Annotated[Seconds, Field(ge=1)]
    rounds: Annotated[int, Strict(), Field(ge=1, le=20)]
    breathe_in: Short
    hold: Short
    breathe_out: Short
    done: Line


class SupportOffer(_Model):
    title: Short
    message: Line
    action: Short
    dismiss: Short


class SupportText(_Model):
    title: Short
    intro: Text
    not_crisis: Text
    contacts_title: Short
    contacts_hint: Line
    grounding: Grounding
    breathing: Breathing
    offer: SupportOffer


# ---- messages.toml -----------------------------------------------------------

class Greeting(_Model):
    with_name: Annotated[str, _text(LINE_MAX), _template(frozenset({"name"}), frozenset({"name"}))]
    plain: Line


class Greetings(_Model):
    morning: Greeting
    afternoon: Greeting
    evening: Greeting
    night: Greeting


class EmptyState(_Model):
    title: Short
    text: Line
    action: Short


class EmptyStates(_Model):
    checkins: EmptyState
    goals: EmptyState
    wins: EmptyState


class ComingSoon(_Model):
    goals: Line
    wins: Line
    pair: Line


class Messages(_Model):
    welcome_back: tuple[Line, ...] = Field(min_length=1)
    greetings: Greetings
    empty: EmptyStates
    coming_soon: ComingSoon


# ---- celebrations.toml -------------------------------------------------------

class Celebration(_Model):
    """A title and message; the subclasses differ only in the placeholders allowed."""

    ALLOWED: ClassVar[frozenset[str]] = frozenset()
    title: Annotated[str, _text(SHORT_MAX)]
    message: Annotated[str, _text(LINE_MAX)]

    @field_validator("title", "message")
    @classmethod
    def _known_placeholders(cls, text: str) -> str:
        return _template(cls.ALLOWED).func(text)


class CountCelebration(Celebration):
    ALLOWED: ClassVar[frozenset[str]] = frozenset({"count"})


class GoalCelebration(Celebration):
    ALLOWED: ClassVar[frozenset[str]] = frozenset({"goal"})


class MilestoneCelebration(Celebration):
    ALLOWED: ClassVar[frozenset[str]] = frozenset({"goal", "milestone"})


class PairCelebration(Celebration):
    ALLOWED: ClassVar[frozenset[str]] = frozenset({"name"})


class Celebrations(_Model):
    first_checkin: Celebration
    checkins_7: CountCelebration
    checkins_30: CountCelebration
    checkins_100: CountCelebration
    checkins_365: CountCelebration
    welcome_back: Celebration
    first_goal: Celebration
    milestone_done: MilestoneCelebration
    goal_achieved: GoalCelebration
    first_reflection: CountCelebration
    reflection_every_4: CountCelebration
    first_pair_review: Celebration
    first_pair_review_mentor: PairCelebration  # once per pair, on the mentor's side
    encouragement_received: Celebration


# ---- everything together -----------------------------------------------------

def _render(template: str, values: dict[str, Any], what: str) -> str:
    try:
        # vformat substitutes values without re-reading them, so a goal
        # title with braces in it is shown as typed.
        return _FORMATTER.vformat(template, (), {k: str(v) for k, v in values.items()})
    except KeyError as exc:
        raise ValueError(f"{what} needs a value for {{{exc.args[0]}}}") from None


class Content(_Model):
    feelings: tuple[Feeling, ...]
    care_actions: tuple[CareAction, ...]
    ideas: tuple[str, ...]
    checkin: CheckinText
    resilience: ResilienceText
    support: SupportText
    messages: Messages
    celebrations: Celebrations
    ui: dict[str, str] = Field(default_factory=dict)  # from ui*.toml, dotted keys

    def feelings_by_group(self) -> dict[str, list[str]]:
        """Feeling words per group, groups in the order pleasant, mixed, hard."""
        groups: dict[str, list[str]] = {g: [] for g in FEELING_GROUPS}
        for feeling in self.feelings:
            groups[feeling.group].append(feeling.word)
        return groups

    def idea_for(self, day: dt.date) -> str:
        """One self-care idea per day, the same all day, going through all of them in turn."""
        return self.ideas[day.toordinal() % len(self.ideas)]

    def welcome_back_for(self, day: dt.date) -> str:
        return self.messages.welcome_back[day.toordinal() % len(self.messages.welcome_back)]

    def thanks_for(self, day: dt.date) -> str:
        return self.checkin.thanks[day.toordinal() % len(self.checkin.thanks)]

    def greeting(self, hour: int, name: str = "") -> str:
        """The greeting for an hour of the day (0-23); without a name, the plain one."""
        if not 0 <= hour <= 23:
            raise ValueError(f"hour must be 0 to 23, not {hour}")
        part = next(p for start, p in _DAY_PARTS if hour >= start)
        greeting: Greeting = getattr(self.messages.greetings, part)
        name = (name or "").strip()
        if not name:
            return greeting.plain
        return _render(greeting.with_name, {"name": name}, "greeting")

    def celebration(self, rule: str, **values: Any) -> tuple[str, str]:
        """(title, message) for a celebration rule, placeholders filled from values.

        Extra values are ignored; a value the text needs and was not given is a
        ValueError, as is an unknown rule.
        """
        if rule not in Celebrations.model_fields:
            raise ValueError(f"no celebration text for the rule {rule!r}")
        entry: Celebration = getattr(self.celebrations, rule)
        what = f"celebration {rule!r}"
        return _render(entry.title, values, what), _render(entry.message, values, what)


_FILES: dict[str, type[_Model]] = {
    "feelings.toml": FeelingsFile,
    "selfcare.toml": SelfCareFile,
    "checkin.toml": CheckinText,
    "resilience.toml": ResilienceText,
    "support.toml": SupportText,
    "messages.toml": Messages,
    "celebrations.toml": Celebrations,
}

_PROBLEMS = {
    "missing": "this is needed",
    "extra_forbidden": "not a known field (check the spelling)",
    "string_type": "must be text in quotes",
    "int_type": "must be a whole number",
    "string_too_short": "must not be empty",
}


def _field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _problem(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_too_long":
        return f"is too long (at most {ctx['max_length']} characters)"
    if kind == "too_short":
        return f"needs at least {ctx['min_length']} items"
    if kind == "too_long":
        return f"has too many items (at most {ctx['max_length']})"
    if kind == "literal_error":
        return f"must be one of {ctx['expected']}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "must be a table"
    return _PROBLEMS.get(kind, error["msg"])


def _read_toml(path: Path, label: str) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ContentError(label, "", "the file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11 has no lineno attribute; the message ends "(at line N, column M)".
        found = re.search(r"at line (\d+), column (\d+)", str(exc))
        where = f"line {found.group(1)}, column {found.group(2)}" if found else "TOML"
        raise ContentError(label, where, f"not valid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(label, "", f"cannot be read ({exc})") from None


def _validate(model: type[_Model], data: dict[str, Any], label: str) -> _Model:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        lines = [f"{label}: {_field_path(e['loc']) or 'top level'}: {_problem(e)}" for e in errors]
        first = errors[0]
        raise ContentError(label, _field_path(first["loc"]), _problem(first), lines[1:]) from None


def _flatten(table: dict[str, Any], label: str, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, label, dotted + "."))
        elif isinstance(value, str):
            flat[dotted] = value
        else:
            raise ContentError(label, dotted, "must be text in quotes or a table")
    return flat


def default_directory() -> Path:
    """The installed content package, which ships beside app/."""
    package = importlib.import_module("content")
    return Path(package.__file__).resolve().parent


def _load(directory: Path) -> Content:
    parts: dict[str, Any] = {}
    for name, model in _FILES.items():
        label = f"{directory.name}/{name}"
        parts[name] = _validate(model, _read_toml(directory / name, label), label)
    ui: dict[str, str] = {}
    # Screen words live in ui.toml and ui_<screen>.toml; a key defined twice is a mistake.
    for ui_path in sorted(directory.glob("ui*.toml")):
        ui_label = f"{directory.name}/{ui_path.name}"
        for key, text in _flatten(_read_toml(ui_path, ui_label), ui_label).items():
            if key in ui:
                raise ContentError(ui_label, key, "is already defined in another ui file")
            ui[key] = text
    selfcare: SelfCareFile = parts["selfcare.toml"]
    return Content(
        feelings=parts["feelings.toml"].feelings,
        care_actions=selfcare.actions,
        ideas=selfcare.ideas,
        checkin=parts["checkin.toml"],
        resilience=parts["resilience.toml"],
        support=parts["support.toml"],
        messages=parts["messages.toml"],
        celebrations=parts["celebrations.toml"],
        ui=ui,
    )


@functools.lru_cache(maxsize=1)
def _load_default() -> Content:
    return _load(default_directory())


def load_content(directory: Path | None = None) -> Content:
    """All of the app's words. Without a directory, the installed content,
    read and checked once per process. Raises ContentError."""
    if directory is None:
        return _load_default()
    return _load(Path(directory))
