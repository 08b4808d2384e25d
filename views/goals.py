"""The Goals tab: the person's own goals, grouped under Active, Paused,
Achieved and Let go, each a card with a ring of the steps done so far.

Tapping a card opens the goal's page (views/goal_page.py); "Add a goal"
starts the guided flow (views/goal_new.py). With no goals yet, a friendly
empty state and a few example goals help the first one happen.

Achieved and let-go goals gather over the years (the ten-year demo has about
ninety), so those two groups show the first few and a "Show all" button;
active and paused goals are always shown in full. Also here: the small
helpers the goal screens share (dates, the progress words and ring).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import flet as ft

from app.goals import STATUS_ORDER, GoalProgress
from app.models import Goal
from app.sharing import pair_exists
from views import celebration, pair_common
from views.context import AppContext
from views.widgets import GAP, TOUCH, card, empty_state, page_column, primary, subtle

FOLDED = 4  # achieved and let-go goals shown before "Show all"
SEARCH_FROM = 10  # from this many goals: search, sort and the date each was added
QUERY_KEY = "goals.query"  # ctx.state: the search words, kept while the app is open
SORT_KEY = "goals.sort"  # ctx.state: "recent", "date" or "title"
SORTS = ("recent", "date", "title")
UNFOLDED_KEY = "goals.unfolded"  # groups the person opened with "Show all"
STATUS_ICONS = {
    "active": ft.Icons.FLAG_OUTLINED,
    "paused": ft.Icons.PAUSE_CIRCLE_OUTLINE,
    "achieved": ft.Icons.EMOJI_EVENTS_OUTLINED,
    "let_go": ft.Icons.SPA_OUTLINED,
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


# ---- shared by the goal screens ------------------------------------------------

def share_text(ctx: AppContext, shared: bool, goal_id: str | None = None) -> str:
    """What the goal's share switch does, honestly: before a pair exists, nothing goes anywhere
    yet; and when some of a shared goal's steps are kept back, say how many go."""
    if not shared:
        return ctx.words("goals.share_off_text")
    if not pair_exists(ctx.trellis):
        return ctx.words("goals.share_on_no_pair")
    if goal_id is not None:
        for info in pair_common.pairs(ctx):
            if info.my_role != "mentee":
                continue
            sent, total = ctx.attempt(lambda: ctx.trellis.pair.steps_sent(goal_id, info.id)) or (0, 0)
            if sent < total:
                key = "goals.share_on_no_steps" if sent == 0 else "goals.share_on_some_steps"
                return ctx.words(key, sent=sent, total=total)
    return ctx.words("goals.share_on_text")


def shared_badge(ctx: AppContext) -> str:
    return ctx.words("goals.shared_badge" if pair_exists(ctx.trellis) else "goals.shared_badge_no_pair")


def date_words(ctx: AppContext, day: dt.date) -> str:
    """"14 Mar 2027": the month names are the check-in screens' (content/ui_checkins.toml)."""
    return ctx.words("goals.date", day=day.day, month=ctx.words(f"checkins.month.{_MONTHS[day.month - 1]}"),
                     year=day.year)


def progress_words(ctx: AppContext, done: int, total: int) -> str:
    """What was done, never what is left: "2 of 5 steps done"."""
    if total == 0:
        return ctx.words("goals.steps_none")
    if done == 0:
        return ctx.words("goals.steps_planned_one") if total == 1 else ctx.words("goals.steps_planned", total=total)
    if done >= total:
        return ctx.words("goals.steps_all_one") if total == 1 else ctx.words("goals.steps_all", total=total)
    return ctx.words("goals.steps_done", done=done, total=total)


def status_words(ctx: AppContext, status: str) -> str:
    return ctx.words(f"goals.status_{status}")


def progress_ring(done: int, total: int, status: str, size: int = 48) -> ft.Control:
    """A ring filled by the steps done, with the goal's status icon in the middle.
    Decorative for screen readers: the words beside it say the same."""
    ring = ft.ProgressRing(
        value=(done / total) if total else 0.0,
        width=size,
        height=size,
        stroke_width=5,
        stroke_cap=ft.StrokeCap.ROUND,
        bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST,
    )
    icon = ft.Container(ft.Icon(STATUS_ICONS[status], size=size * 0.42, color=ft.Colors.PRIMARY),
                        width=size, height=size, alignment=ft.Alignment.CENTER)
    return ft.Semantics(content=ft.Stack([ring, icon], width=size, height=size), exclude_semantics=True)


def title_medium(text: str, **kwargs) -> ft.Text:
    return ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, **kwargs)


def wide(control: ft.Control) -> ft.Row:
    """A field as wide as the card it sits in (a bare TextField in a Column stays narrow)."""
    control.expand = True
    return ft.Row([control])


def too_long_words(ctx: AppContext, limit: int) -> str:
    return ctx.words("goals.too_long", max=f"{limit:,}")


def too_long(ctx: AppContext, text: str, limit: int) -> str | None:
    """The words for an answer over the length a record allows, or None."""
    return too_long_words(ctx, limit) if len(text.strip()) > limit else None


class Hint:
    """A calm message under a field ("Write a few words first."): an info icon
    and plain text, read out when it appears. Not red: red is kept for the
    one destructive confirmation."""

    def __init__(self):
        self.text = ft.Text("", expand=True)
        self.control = ft.Semantics(
            content=ft.Row([ft.Icon(ft.Icons.INFO_OUTLINE, color=ft.Colors.PRIMARY, size=20), self.text], spacing=8),
            live_region=True,
            visible=False,
        )

    @property
    def message(self) -> str:
        return self.text.value if self.control.visible else ""

    def show(self, message: str | None) -> None:
        self.text.value = message or ""
        self.control.visible = bool(message)


def heading_node(text: ft.Text, level: int = 2) -> ft.Semantics:
    """A heading for screen readers: its own node (container), so the flag does
    not spread to the card around it; shown as <h2> in the browser."""
    return ft.Semantics(content=text, container=True, header=True, heading_level=level)


def text_node(control: ft.Control) -> ft.Semantics:
    """Text read as its own node. Without it Flutter merges loose texts into a
    neighbour, e.g. into the name of the text field below them."""
    return ft.Semantics(content=control, container=True)


def section_heading(text: str) -> ft.Control:
    return heading_node(ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600))


# ---- navigation ----------------------------------------------------------------

def open_goal(ctx: AppContext, goal_id: str) -> None:
    from views import goal_page

    goal_page.open_goal(ctx, goal_id)


def start_new(ctx: AppContext, title: str = "") -> None:
    from views import goal_new

    goal_new.start(ctx, title)


# ---- the tab --------------------------------------------------------------------

def goal_card(ctx: AppContext, item: GoalProgress, show_added: bool = False) -> ft.Control:
    goal: Goal = item.goal
    progress = progress_words(ctx, item.done, item.total)
    lines: list[ft.Control] = [
        title_medium(goal.title, max_lines=3, overflow=ft.TextOverflow.ELLIPSIS),
        subtle(progress),
    ]
    if show_added and goal.created:
        # With many goals, or two of one name, the day each was added tells them apart.
        lines.append(subtle(ctx.words("goals.added_on", date=date_words(ctx, goal.created))))
    if goal.by and goal.status in ("active", "paused"):
        lines.append(subtle(ctx.words("goals.by_date", date=date_words(ctx, goal.by))))
    if goal.shared:
        lines.append(
            ft.Row(
                [ft.Icon(ft.Icons.PEOPLE_OUTLINE, size=16, color=ft.Colors.ON_SURFACE_VARIANT),
                 subtle(shared_badge(ctx))],
                spacing=6,
            )
        )
    row = ft.Row(
        [
            progress_ring(item.done, item.total, goal.status),
            ft.Column(lines, spacing=4, tight=True, expand=True),
            ft.Icon(ft.Icons.CHEVRON_RIGHT, color=ft.Colors.ON_SURFACE_VARIANT),
        ],
        spacing=16,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )
    control = card(row, on_click=lambda e: open_goal(ctx, goal.id))
    control.data = goal.id
    control.content.ink = True
    control.content.border_radius = 16
    return control


def _group(ctx: AppContext, status: str, items: list[GoalProgress], added: set[str] | None = None) -> list[ft.Control]:
    label = status_words(ctx, status)
    heading = section_heading(ctx.words("goals.group_count", label=label, count=len(items)))
    controls: list[ft.Control] = [ft.Container(heading, padding=ft.Padding.only(top=8))]
    unfolded: set = ctx.state.setdefault(UNFOLDED_KEY, set())
    foldable = status in ("achieved", "let_go") and len(items) > FOLDED + 1
    shown = items if (not foldable or status in unfolded) else items[:FOLDED]
    added = added or set()
    controls += [goal_card(ctx, item, show_added=item.goal.id in added) for item in shown]
    if foldable:
        def toggle(e, status=status):
            unfolded.symmetric_difference_update({status})
            ctx.refresh()

        more = status not in unfolded
        controls.append(
            ft.TextButton(
                ctx.words("goals.show_all", count=len(items)) if more else ctx.words("goals.show_fewer"),
                icon=ft.Icons.EXPAND_MORE if more else ft.Icons.EXPAND_LESS,
                on_click=toggle,
                height=TOUCH,
                data=f"fold:{status}",
            )
        )
    return controls


def _empty(ctx: AppContext) -> ft.Control:
    words = ctx.content.messages.empty.goals
    examples = [ctx.words(f"goals.example_{n}") for n in (1, 2, 3)]
    ideas = card(
        title_medium(ctx.words("goals.examples_title")),
        ft.Column(
            [
                ft.TextButton(
                    text,
                    icon=ft.Icons.ADD,
                    on_click=lambda e, text=text: start_new(ctx, text),
                    height=TOUCH,
                    data=f"example:{text}",
                )
                for text in examples
            ],
            spacing=0,
            tight=True,
        ),
    )
    return page_column(
        [
            empty_state(ft.Icons.FLAG_OUTLINED, words.title, words.text,
                        primary(words.action, lambda e: start_new(ctx), icon=ft.Icons.ADD)),
            wide(ideas),
        ]
    )


def build(ctx: AppContext) -> ft.Control:
    return celebration.with_moment(ctx, _build(ctx))


def sort_goals(items: list[GoalProgress], how: str) -> list[GoalProgress]:
    """recent: the newest added first; date: the nearest "by" date first (none last); title: A to Z."""
    if how == "title":
        return sorted(items, key=lambda i: (i.goal.title.casefold(), i.goal.created or dt.date.min))
    if how == "date":
        return sorted(items, key=lambda i: (i.goal.by is None, i.goal.by or dt.date.max, i.goal.title.casefold()))
    return sorted(items, key=lambda i: (i.goal.created or dt.date.min, i.goal.updated), reverse=True)


def matches(item: GoalProgress, query: str) -> bool:
    words = query.casefold().split()
    text = " ".join((item.goal.title, item.goal.why, item.goal.measure)).casefold()
    return all(w in text for w in words)


class GoalsList:
    """The goals by status; from SEARCH_FROM goals on, with search, sort and dates added."""

    def __init__(self, ctx: AppContext, items: list[GoalProgress]):
        self.ctx = ctx
        self.items = items
        self.many = len(items) >= SEARCH_FROM
        titles = Counter(i.goal.title.casefold().strip() for i in items)
        # Dates added: on every card when there are many, else only where two goals share a title.
        self.added = {i.goal.id for i in items if self.many or titles[i.goal.title.casefold().strip()] > 1}
        self.list = ft.Column(spacing=GAP, tight=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        w = ctx.words
        controls: list[ft.Control] = [
            ft.Row([primary(w("goals.add"), lambda e: start_new(ctx), icon=ft.Icons.ADD)]),
            subtle(w("goals.intro")),
        ]
        if self.many:
            self.search = ft.TextField(
                label=w("goals.search_label"), value=ctx.state.get(QUERY_KEY, ""), prefix_icon=ft.Icons.SEARCH,
                on_change=self.searched, dense=False, expand=True,
            )
            sort = ctx.state.get(SORT_KEY, "recent")
            self.sort = ft.SegmentedButton(
                selected=[sort if sort in SORTS else "recent"],
                segments=[ft.Segment(value=k, label=ft.Text(w(f"goals.sort_{k}"))) for k in SORTS],
                show_selected_icon=False,
                on_change=self.sorted,
                tooltip=w("goals.sort_label"),
            )
            controls += [ft.Row([self.search]), ft.Row([subtle(w("goals.sort_label")), self.sort], wrap=True,
                                                         spacing=8, vertical_alignment=ft.CrossAxisAlignment.CENTER)]
        controls += [self.list, ft.Container(height=GAP)]  # room below the last card
        self.control = page_column(controls)
        self.fill()

    @property
    def query(self) -> str:
        return self.ctx.state.get(QUERY_KEY, "") if self.many else ""

    @property
    def how(self) -> str:
        how = self.ctx.state.get(SORT_KEY, "recent")
        return how if self.many and how in SORTS else "recent"

    def searched(self, e=None) -> None:
        self.ctx.state[QUERY_KEY] = (self.search.value or "").strip()
        self.fill()

    def sorted(self, e=None) -> None:
        chosen = self.sort.selected[0] if self.sort.selected else "recent"
        self.ctx.state[SORT_KEY] = chosen if chosen in SORTS else "recent"
        self.fill()

    def clear(self, e=None) -> None:
        self.ctx.state[QUERY_KEY] = ""
        self.search.value = ""
        self.fill()

    def fill(self) -> None:
        ctx, query = self.ctx, self.query
        found = [i for i in self.items if not query or matches(i, query)]
        if self.many:
            found = sort_goals(found, self.how)
        controls: list[ft.Control] = []
        if query:
            controls.append(subtle(ctx.words("goals.search_count", count=len(found), query=query)
                                   if found else ctx.words("goals.search_none", query=query)))
            if not found:
                controls.append(ft.Row([ft.TextButton(ctx.words("goals.search_clear"), icon=ft.Icons.CLOSE,
                                                      on_click=self.clear, height=TOUCH)]))
        by_status: dict[str, list[GoalProgress]] = {s: [] for s in STATUS_ORDER}
        for item in found:
            by_status[item.goal.status].append(item)
        for status in STATUS_ORDER:
            if by_status[status]:
                controls += _group(ctx, status, by_status[status], self.added)
        self.list.controls = controls


def _build(ctx: AppContext) -> ft.Control:
    items = ctx.trellis.goals.with_progress()
    if not items:
        return _empty(ctx)
    view = GoalsList(ctx, items)
    ctx.state["goals.view"] = view
    return view.control
