"""The Pair tab.

Before a pair exists: what pairing is, what is shared and what never is, how
the file travels, and two ways in (start a pair, join one). With pairs: one
card per pair (a mentor with two mentees sees two cards, never mixed), each
with its sync status in words and Sync now, and the ways into what is shared,
the other person's goals, the review, the agreement and ending the pair.

Every screen here calls trellis.pair (app/pair.py), never the file.
"""

from __future__ import annotations

import os

import flet as ft

from app.events import Event
from views import celebration, learn
from views.context import AppContext, Screen
from views.pair_common import nodes, pcard, OPEN_KEY, attempt, name_of, pairs, relative, section_title, service
from views.widgets import GAP, TOUCH, page_column, primary, secondary, subtle

SYNCED_KEY = "pair.file_seen"  # ctx.state: pair id -> the file's (mtime, size) when this session last synced
FOLLOW_KEY = "pair.follows_foreground"  # ctx.state: the lifecycle handler is set


def _open(ctx: AppContext, pair_id: str, title: str, builder) -> None:
    ctx.state[OPEN_KEY] = pair_id
    ctx.open(Screen(title, builder))


# ---- before any pair ----------------------------------------------------------
def _intro(ctx: AppContext) -> list[ft.Control]:
    w = ctx.words
    from views import pair_setup

    def block(icon, title: str, text: str) -> ft.Control:
        return ft.Row([ft.Icon(icon, color=ft.Colors.PRIMARY),
                       ft.Column([section_title(title), ft.Text(text)], spacing=4, tight=True, expand=True)],
                      spacing=GAP, vertical_alignment=ft.CrossAxisAlignment.START)

    items: list[ft.Control] = [
        ft.Text(w("pair.intro_title"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_600),
        ft.Text(w("pair.intro")),
        pcard(block(ft.Icons.PEOPLE_OUTLINE, w("pair.what_shared_title"), w("pair.what_shared"))),
        pcard(block(ft.Icons.LOCK_OUTLINE, w("pair.never_shared_title"), w("pair.never_shared"))),
        pcard(block(ft.Icons.SYNC, w("pair.how_title"), w("pair.how"))),
    ]
    if service(ctx) is None:
        items.append(subtle(w("pair.unavailable")))
    else:
        items += [
            primary(w("pair.start"), lambda e: pair_setup.open_setup(ctx, "start"), icon=ft.Icons.ADD_LINK),
            subtle(w("pair.start_hint")),
            secondary(w("pair.join"), lambda e: pair_setup.open_setup(ctx, "join"), icon=ft.Icons.LINK),
            subtle(w("pair.join_hint")),
        ]
    items.append(ft.Row([learn.entry_button(ctx, "learn.pair_button")], wrap=True))
    return items


# ---- one card per pair ------------------------------------------------------
def sync_lines(ctx: AppContext, info) -> list[ft.Control]:
    """Last synced (relative), what came in and went out, and a problem in plain words."""
    w = ctx.words
    out: list[ft.Control] = []
    when = relative(ctx, info.last_synced)
    out.append(ft.Row([ft.Icon(ft.Icons.SYNC, size=18, color=ft.Colors.PRIMARY),
                       ft.Text(w("pair.last_synced", when=when) if when else w("pair.never_synced"), expand=True)],
                      spacing=8))
    for line in (info.last_report or [])[:4]:
        out.append(subtle(line))
    if info.last_error:
        out.append(ft.Row([ft.Icon(ft.Icons.INFO_OUTLINE, size=18, color=ft.Colors.TERTIARY),
                           ft.Text(w("pair.sync_problem", detail=info.last_error), expand=True)], spacing=8))
    return out


def sync_now(ctx: AppContext, pair_id: str) -> object | None:
    """Sync one pair; toasts the outcome in words and redraws."""
    report = attempt(ctx, lambda: service(ctx).sync(pair_id))
    if report is not None:
        lines = report.lines() if hasattr(report, "lines") else []
        ctx.toast(" ".join(lines) or ctx.words("pair.synced"))
        celebrate_after_sync(ctx, pair_id)
    ctx.refresh()
    return report


def celebrate_after_sync(ctx: AppContext, pair_id: str, celebrate=None) -> None:
    """What a sync brought that is worth a moment: encouragement received (the
    mentee's side) and the first review together seen for the first time (both
    sides, once per pair). A celebration never stands in the way of a sync."""
    celebrate = celebrate or ctx.celebrate
    celebrate_encouragement(ctx, pair_id, celebrate)
    celebrate_first_review(ctx, pair_id, celebrate)


def celebrate_first_review(ctx: AppContext, pair_id: str, celebrate=None) -> None:
    from app.review import ReviewService

    try:
        won = ReviewService(ctx.trellis, pair_id).celebrate_first()
    except Exception:  # the pair's card shows any problem the sync had
        return
    if won:
        (celebrate or ctx.celebrate)(won)


def celebrate_encouragement(ctx: AppContext, pair_id: str, celebrate=None) -> None:
    """On the mentee's side, encouragement received is a win (once per note)."""
    svc = service(ctx)
    try:
        info = svc.get(pair_id)
        if info.my_role != "mentee":
            return
        from app.pairdata import PairData
        from app.models import Comment

        notes = [c for c in PairData(ctx.trellis, pair_id).theirs_all(Comment) if c.encouragement]
    except Exception:  # a celebration never stands in the way of a sync
        return
    events = [Event(name="encouragement_received", record_id=c.id, day=c.day) for c in notes]
    won = attempt(ctx, lambda: ctx.trellis.celebrate(events)) if events else None
    if won:
        (celebrate or ctx.celebrate)(won)


def pair_card(ctx: AppContext, info) -> ft.Control:
    from views import pair_agreement, pair_review, pair_sharing, pair_theirs

    w = ctx.words
    name = name_of(ctx, info)
    mentee = info.my_role == "mentee"
    title = w("pair.card_title_mentee" if mentee else "pair.card_title_mentor", name=name)
    role = w("pair.card_role_mentee" if mentee else "pair.card_role_mentor")
    head = ft.Row([ft.Icon(ft.Icons.PEOPLE_OUTLINE, color=ft.Colors.PRIMARY),
                   ft.Column([ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.W_600),
                              subtle(role)], spacing=0, tight=True, expand=True)],
                  spacing=GAP)
    actions: list[ft.Control] = []
    if mentee:
        actions.append(secondary(w("pair.what_they_see", name=name),
                                 lambda e: _open(ctx, info.id, w("pair.sharing_title", name=name), pair_sharing.build),
                                 icon=ft.Icons.VISIBILITY_OUTLINED))
    else:
        actions.append(primary(w("pair.their_items", name=name),
                               lambda e: _open(ctx, info.id, w("pair.theirs_title", name=name), pair_theirs.build),
                               icon=ft.Icons.FLAG_OUTLINED))
    actions += [
        secondary(w("pair.review"), lambda e: _open(ctx, info.id, w("pair.review_title"), pair_review.build),
                  icon=ft.Icons.FORUM_OUTLINED),
        secondary(w("pair.agreement"), lambda e: _open(ctx, info.id, w("pair.agreement_title"), pair_agreement.build),
                  icon=ft.Icons.HANDSHAKE_OUTLINED),
    ]
    if not mentee:
        actions.append(secondary(w("pair.what_they_see", name=name),
                                 lambda e: _open(ctx, info.id, w("pair.sharing_title", name=name), pair_sharing.build),
                                 icon=ft.Icons.VISIBILITY_OUTLINED))
    from views import pair_setup

    body = [
        head,
        *sync_lines(ctx, info),
        ft.Row([primary(w("pair.sync_now"), lambda e: sync_now(ctx, info.id), icon=ft.Icons.SYNC)]),
        ft.Column(actions, spacing=8, tight=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        pair_setup.safety_block(ctx, info),
        subtle(w("pair.protected") if info.protected else w("pair.not_protected")),
        subtle(w("pair.file_line", path=info.path)),
        ft.Row([ft.TextButton(w("pair.end"), icon=ft.Icons.LINK_OFF, height=TOUCH,
                              on_click=lambda e: ask_end(ctx, info))]),
    ]
    item = pcard(*body)
    item.data = info.id
    return item


# ---- ending ---------------------------------------------------------------
def their_count(ctx: AppContext, pair_id: str) -> int:
    """How many of the other person's items this device holds for the pair."""
    from app.pairdata import _records_in

    try:
        view = service(ctx).view(pair_id)
    except Exception:
        return 0
    me = ctx.trellis.store.person
    return len({r.id for r in _records_in(view) if r.owner != me})


def ask_end(ctx: AppContext, info) -> ft.AlertDialog:
    w = ctx.words
    name = name_of(ctx, info)
    mentee = info.my_role == "mentee"
    lines: list[ft.Control] = [ft.Text(w("pair.end_mentee" if mentee else "pair.end_mentor", name=name))]
    forget = ft.Checkbox(label=w("pair.end_forget", name=name), value=not mentee)
    if not mentee:
        lines.append(ft.Text(w("pair.end_theirs_count", name=name, count=their_count(ctx, info.id)),
                             weight=ft.FontWeight.W_600))
        lines.append(forget)

    def confirm(e) -> None:
        ctx.page.pop_dialog()
        said = attempt(ctx, lambda: service(ctx).end(info.id, forget_their_items=bool(forget.value)))
        if said is not None:
            ctx.state.pop(OPEN_KEY, None)
            ctx.toast(str(said) or w("pair.ended"))
            ctx.go("pair")

    dialog = ft.AlertDialog(
        modal=True,
        title=ft.Text(w("pair.end_title")),
        content=ft.Column(lines, spacing=GAP, tight=True, width=400),
        actions=[
            ft.TextButton(w("pair.end_keep"), on_click=lambda e: ctx.page.pop_dialog(), height=TOUCH),
            ft.FilledButton(w("pair.end_confirm"), icon=ft.Icons.LINK_OFF, on_click=confirm, height=TOUCH,
                            style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR,
                                                 icon_color=ft.Colors.ON_ERROR)),
        ],
        actions_alignment=ft.MainAxisAlignment.END,
    )
    ctx.page.show_dialog(dialog)
    return dialog


def _file_mark(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def sync_if_changed(ctx: AppContext, celebrate=None) -> list[str]:
    """Sync, quietly, each pair whose file changed since this session last
    synced it (every pair, the first time); returns the ids synced.
    `celebrate` takes the wins a sync brought (ctx.celebrate unless given)."""
    seen: dict = ctx.state.setdefault(SYNCED_KEY, {})
    synced = []
    for info in pairs(ctx):
        if info.id in seen and seen[info.id] == _file_mark(info.path):
            continue
        try:
            service(ctx).sync(info.id)
            ok = True
        except Exception:  # the card shows the last problem the service kept, in words
            ok = False
        seen[info.id] = _file_mark(info.path)  # before celebrating: a redraw must not sync again
        if ok:
            celebrate_after_sync(ctx, info.id, celebrate)
        synced.append(info.id)
    return synced


def follow_foreground(ctx: AppContext) -> None:
    """When the app comes back to the foreground, sync the pairs whose file changed.

    Set once per session, keeping any handler the page had before."""
    if ctx.state.get(FOLLOW_KEY):
        return
    ctx.state[FOLLOW_KEY] = True
    before = getattr(ctx.page, "on_app_lifecycle_state_change", None)

    def changed(e) -> None:
        if before is not None:
            before(e)
        if getattr(e, "state", None) in (ft.AppLifecycleState.RESUME, ft.AppLifecycleState.SHOW):
            sync_if_changed(ctx)

    ctx.page.on_app_lifecycle_state_change = changed


def build(ctx: AppContext) -> ft.Control:
    from views import pair_setup

    found = pairs(ctx)
    if not found:
        return page_column(nodes(_intro(ctx)))
    if ctx.state.get("pair.auto_sync", True):
        follow_foreground(ctx)
        if sync_if_changed(ctx, lambda won: celebration.while_building(ctx, won)):
            found = pairs(ctx)
    # The boundaries card, once, while the pair has no agreement yet.
    items: list[ft.Control] = [learn.suggestion(ctx, "pair_set_up")]
    items += [pair_card(ctx, info) for info in found]
    items.append(ft.Row([ft.TextButton(ctx.words("pair.add_another"), icon=ft.Icons.ADD, height=TOUCH,
                                       on_click=lambda e: pair_setup.open_setup(ctx, "start"))], wrap=True))
    items.append(ft.Row([learn.entry_button(ctx, "learn.pair_button")], wrap=True))
    items.append(ft.Container(height=8))
    return celebration.with_moment(ctx, page_column(nodes(items), stretch=True))
