"""What the other person sees: every item shared with this pair, grouped,
each with a switch and Headline only / With notes, and "Preview what {name}
sees", which shows exactly what the next sync sends (trellis.pair.preview).

An item switched off stays in the list until the screen is left, so a slip
can be undone with the same switch. Under a shared goal, each of its steps
has its own switch (a step can stay private while the goal is shared), and
a line says what happens to steps added later (they follow the goal unless
it was shared without its steps: app/pair.py, steps_follow).
"""

from __future__ import annotations

import flet as ft

from views.context import AppContext
from views.pair_common import nodes, pcard, attempt, attempt_ok, current, name_of, section_title, service
from views.widgets import GAP, TOUCH, page_column, secondary, subtle

GROUPS = ("goal", "milestone", "achievement", "selfcare", "resilience", "goal_reflection", "journal", "review",
          "agreement", "comment")
VIEW_KEY = "pair.sharing_view"
# Fields shown in the preview, in this order, when a document has them.
PREVIEW_FIELDS = ("title", "status", "day", "week", "done", "done_on", "by", "why", "measure", "support", "note",
                  "notes", "text", "feeling", "message", "mood", "energy", "sleep", "stress", "feelings", "care")


def item_title(ctx: AppContext, record) -> str:
    for name in ("title", "text", "notes", "note"):
        value = getattr(record, name, None) if not isinstance(record, dict) else record.get(name)
        if isinstance(value, str) and value.strip():
            first = value.strip().splitlines()[0]
            return first if len(first) <= 80 else first[:79] + "…"
    day = getattr(record, "day", None) if not isinstance(record, dict) else record.get("day")
    return str(day) if day else ctx.words("pair.item_untitled")


class SharingView:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.info = current(ctx)
        self.name = name_of(ctx, self.info) if self.info else ""
        self.withdrawn: dict[str, object] = {}  # record id -> record, switched off on this visit
        self.list = ft.Column(spacing=GAP, tight=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        w = ctx.words
        self.control = page_column(nodes([
                subtle(w("pair.sharing_intro", name=self.name)),
                secondary(w("pair.preview", name=self.name), lambda e: self.preview(), icon=ft.Icons.VISIBILITY),
                self.list,
                ft.Container(height=8),
            ]),
            stretch=True,
        )
        self.redraw()

    def entries(self) -> list[tuple[object, str | None]]:
        shared = [(r, level) for r, level in attempt(self.ctx, lambda: service(self.ctx).sharing(self.info.id)) or []]
        ids = {r.id for r, _ in shared}
        return shared + [(r, None) for rid, r in self.withdrawn.items() if rid not in ids]

    def redraw(self) -> None:
        w = self.ctx.words
        entries = self.entries()
        me = self.ctx.trellis.store.person
        entries = [(r, lvl) for r, lvl in entries if getattr(r, "owner", me) in ("", me)]
        # Steps of a shared goal are listed under it, each with its own switch;
        # the step ids the next sync sends (sharing() is the projection).
        goals = {r.id for r, lvl in entries if r.kind == "goal" and lvl is not None}
        self.sent_steps = {r.id for r, lvl in entries if r.kind == "milestone" and lvl is not None}
        entries = [(r, lvl) for r, lvl in entries if not (r.kind == "milestone" and r.goal_id in goals)]
        self.list.controls = []
        if not entries:
            self.list.controls.append(pcard(ft.Text(w("pair.sharing_empty", name=self.name))))
            return
        for kind in GROUPS + tuple(sorted({r.kind for r, _ in entries} - set(GROUPS))):
            group = [(r, lvl) for r, lvl in entries if r.kind == kind]
            if not group:
                continue
            rows: list[ft.Control] = [section_title(w(f"pair.group_{kind}"))]
            rows += [self.row(r, lvl) for r, lvl in sorted(group, key=lambda e: item_title(self.ctx, e[0]).lower())]
            self.list.controls.append(pcard(*rows))

    def row(self, record, level: str | None) -> ft.Control:
        w = self.ctx.words
        title = item_title(self.ctx, record)
        switch = ft.Switch(value=level is not None, label=w("pair.shared_switch"), data=record.id,
                           on_change=lambda e, r=record: self.set_shared(r, bool(e.control.value)))
        items: list[ft.Control] = [
            ft.Row([ft.Text(title, expand=True, theme_style=ft.TextThemeStyle.BODY_LARGE),
                    ft.Container(switch, height=TOUCH, alignment=ft.Alignment.CENTER_RIGHT)],
                   vertical_alignment=ft.CrossAxisAlignment.CENTER),
        ]
        if level is not None and record.kind not in ("comment", "review", "agreement"):
            items.append(ft.SegmentedButton(
                segments=[ft.Segment(value="headline", label=ft.Text(w("pair.level_headline"))),
                          ft.Segment(value="notes", label=ft.Text(w("pair.level_notes")))],
                selected=[level], allow_multiple_selection=False, allow_empty_selection=False, data=record.id,
                on_change=lambda e, r=record: self.set_level(r, (e.control.selected or ["headline"])[0]),
            ))
        if level is not None and record.kind == "goal":
            items.append(self.steps_block(record, level))
        return ft.Column(nodes(items), spacing=4, tight=True, data=record.id)

    def steps_block(self, goal, level: str) -> ft.Control:
        """A shared goal's steps, each with its own switch, and the rule for steps added later."""
        w, svc = self.ctx.words, service(self.ctx)
        steps = attempt(self.ctx, lambda: self.ctx.trellis.goals.milestones(goal.id)) or []
        follows = attempt(self.ctx, lambda: svc.steps_follow(goal.id, self.info.id))
        follows = True if follows is None else bool(follows)
        if steps:
            rule = w("pair.steps_follow" if follows else "pair.steps_chosen")
        else:
            rule = w("pair.steps_none_follow" if follows else "pair.steps_none_chosen")
        lines: list[ft.Control] = [subtle(rule)]
        for step in steps:
            on = step.id in self.sent_steps
            switch = ft.Switch(value=on, data=step.id,
                               on_change=lambda e, st=step: self.set_step(goal, st, level, bool(e.control.value)))
            # One node for screen readers: the step's title, switched on or off.
            lines.append(ft.MergeSemantics(content=ft.Row(
                [ft.Icon(ft.Icons.SUBDIRECTORY_ARROW_RIGHT, size=18, color=ft.Colors.ON_SURFACE_VARIANT),
                 ft.Text(step.title, expand=True),
                 ft.Container(switch, height=TOUCH, alignment=ft.Alignment.CENTER_RIGHT)],
                spacing=8, vertical_alignment=ft.CrossAxisAlignment.CENTER), data=step.id))
        return ft.Container(ft.Column(nodes(lines), spacing=0, tight=True),
                            padding=ft.Padding.only(left=8, top=4), data=f"steps:{goal.id}")

    # ---- handlers --------------------------------------------------------
    def set_shared(self, record, on: bool) -> None:
        svc, ctx = service(self.ctx), self.ctx
        if on:
            if attempt_ok(ctx, lambda: svc.share(record.id, pair_id=self.info.id, level="headline")):
                self.withdrawn.pop(record.id, None)
                ctx.toast(ctx.words("pair.reshared_toast"))
        elif attempt_ok(ctx, lambda: svc.unshare(record.id, pair_id=self.info.id)):
            self.withdrawn[record.id] = record
            ctx.toast(ctx.words("pair.withdrawn_toast"))
        self.redraw()
        ctx.page.update()

    def set_step(self, goal, step, level: str, on: bool) -> None:
        svc, ctx = service(self.ctx), self.ctx
        if on:
            if attempt_ok(ctx, lambda: svc.share(step.id, pair_id=self.info.id, level=level)):
                ctx.toast(ctx.words("pair.step_shared_toast"))
        elif attempt_ok(ctx, lambda: svc.unshare(step.id, pair_id=self.info.id)):
            ctx.toast(ctx.words("pair.step_withdrawn_toast"))
        self.redraw()
        ctx.page.update()

    def set_level(self, record, level: str) -> None:
        attempt(self.ctx, lambda: service(self.ctx).share(record.id, pair_id=self.info.id, level=level))
        self.redraw()
        self.ctx.page.update()

    def preview(self) -> ft.AlertDialog:
        """Exactly the documents the next sync sends, as words."""
        w = self.ctx.words
        docs = attempt(self.ctx, lambda: service(self.ctx).preview(self.info.id)) or []
        blocks: list[ft.Control] = [subtle(w("pair.preview_intro"))]
        if not docs:
            blocks.append(ft.Text(w("pair.preview_empty")))
        order = {kind: i for i, kind in enumerate(GROUPS)}
        for doc in sorted(docs, key=lambda d: (order.get(d.get("kind"), 99), str(d.get("title", "")).lower())):
            blocks.append(preview_block(self.ctx, doc))
        dialog = ft.AlertDialog(
            modal=True,
            scrollable=True,
            title=ft.Text(w("pair.preview_title", name=self.name)),
            content=ft.Column(nodes(blocks), spacing=GAP, tight=True, width=380,
                              horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
            actions=[ft.FilledButton(w("pair.preview_close"), on_click=lambda e: self.ctx.page.pop_dialog(),
                                     height=TOUCH)],
        )
        self.ctx.page.show_dialog(dialog)
        return dialog


def preview_block(ctx: AppContext, doc: dict) -> ft.Control:
    """One projected document: its kind, then each field it carries, as sent."""
    w = ctx.words
    kind = doc.get("kind", "")
    if doc.get("withdrawn") or (doc.get("deleted") and not any(f in doc for f in PREVIEW_FIELDS)):
        return ft.Container(subtle(w("pair.preview_removed")), padding=ft.Padding.only(left=4))
    lines: list[ft.Control] = [ft.Text(w(f"pair.group_{kind}") if f"pair.group_{kind}" in ctx.content.ui else kind,
                                       theme_style=ft.TextThemeStyle.LABEL_LARGE, color=ft.Colors.PRIMARY)]
    for name in PREVIEW_FIELDS:
        if name not in doc or doc[name] in (None, "", [], False):
            continue
        value = doc[name]
        if isinstance(value, bool):
            value = w("pair.yes") if value else w("pair.no")
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        lines.append(ft.Text(f"{name.replace('_', ' ')}: {value}" if name != "title" else str(value),
                             weight=ft.FontWeight.W_600 if name == "title" else None))
    return ft.Container(ft.Column(lines, spacing=2, tight=True),
                        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=12, padding=12,
                        data=doc.get("id"))


def build(ctx: AppContext) -> ft.Control:
    if current(ctx) is None:
        from views import pair

        return pair.build(ctx)
    view = SharingView(ctx)
    ctx.state[VIEW_KEY] = view
    return view.control
