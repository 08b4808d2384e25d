"""Today: a greeting, today's check-in (start it, or see it and edit), one
self-care idea, the next small step and the latest win. A gentle offer of
support appears only when the last three check-ins were very hard days."""

from __future__ import annotations

import datetime as dt

import flet as ft

from app import ideas
from app.models import SelfCareCheckin
from views import celebration, checkin, learn, resilience, settings, support
from views.context import AppContext, Screen
from views.widgets import TOUCH, card, heading, named, page_column, primary, secondary, subtle


def _greeting(ctx: AppContext, name: str) -> str:
    return ctx.content.greeting(dt.datetime.now().hour, name)


def _summary(ctx: AppContext, c: SelfCareCheckin) -> ft.Control:
    questions = ctx.content.checkin.scales
    if not any((c.mood, c.energy, c.sleep, c.stress, c.feelings, c.care, c.note)):
        return subtle(ctx.words("today.all_skipped"))
    parts = []
    for key in ("mood", "energy", "sleep", "stress"):
        value = getattr(c, key)
        word = questions[key].labels[value - 1] if value else ctx.words("today.skipped")
        parts.append(f"{ctx.words('today.' + key)}: {word}")
    lines = [ft.Text(" · ".join(parts[:2])), ft.Text(" · ".join(parts[2:]))]
    if c.feelings:
        lines.append(subtle(", ".join(c.feelings)))
    if c.care:
        lines.append(subtle(", ".join(c.care)))
    return ft.Column(lines, spacing=4, tight=True)


def _open_checkin(ctx: AppContext) -> None:
    ctx.state["checkin_day"] = ctx.trellis.today()
    ctx.open(Screen(ctx.words("today.checkin_title"), checkin.build))


def build(ctx: AppContext) -> ft.Control:
    data = ctx.trellis.today_data()
    items: list[ft.Control] = [heading(_greeting(ctx, data.profile.name))]
    moment = celebration.inline_moment(ctx)  # a small win just earned, shown once
    if moment is not None:
        items.append(moment)

    if data.support_offer:
        def dismiss(e):
            ctx.attempt(lambda: ctx.trellis.people.save_settings(support_prompt_dismissed_on=data.day))
            ctx.refresh()

        items.append(
            card(
                ft.Text(ctx.content.support.offer.title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                ft.Text(ctx.content.support.offer.message),
                ft.Row(
                    [
                        secondary(ctx.content.support.offer.action,
                                  lambda e: ctx.open(Screen(ctx.words("support.title"), support.build)),
                                  icon=ft.Icons.SPA_OUTLINED),
                        ft.TextButton(ctx.content.support.offer.dismiss, on_click=dismiss),
                    ],
                    wrap=True,
                ),
            )
        )

    if data.welcome_back:
        items.append(
            card(
                ft.Text(ctx.words("today.welcome_back_title"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                ft.Text(ctx.content.welcome_back_for(data.day)),
            )
        )

    if data.checkin is None:
        items.append(
            card(
                ft.Text(ctx.words("today.checkin_title"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                subtle(ctx.words("today.checkin_invite")),
                primary(ctx.words("today.checkin_start"), lambda e: _open_checkin(ctx), icon=ft.Icons.FAVORITE_BORDER),
            )
        )
    else:
        items.append(
            card(
                ft.Row(
                    [
                        ft.Text(ctx.words("today.checkin_done"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM, expand=True),
                        ft.TextButton(named(ctx.words("today.checkin_edit"), ctx.words("a11y.edit_checkin")), height=TOUCH, icon=ft.Icons.EDIT_OUTLINED,
                                      on_click=lambda e: _open_checkin(ctx)),
                    ]
                ),
                _summary(ctx, data.checkin),
            )
        )

    count = data.days_this_month
    if count == 0:
        month = ctx.words("today.month_none")
    else:
        month = ctx.words("today.month_count_one" if count == 1 else "today.month_count", count=count)
    items.append(subtle(month))

    reflection = ctx.trellis.checkins.reflection_for_week(data.day)
    items.append(
        card(
            ft.Text(ctx.words("today.reflection_title"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            subtle(ctx.words("today.reflection_done") if reflection else ctx.words("today.reflection_invite")),
            # Once reflected, the invitation gives way to looking back at it.
            secondary(ctx.words("today.reflection_edit" if reflection else "today.reflection_start"),
                      lambda e: ctx.open(Screen(ctx.content.resilience.title, resilience.build)),
                      icon=ft.Icons.EDIT_OUTLINED if reflection else ft.Icons.AUTO_STORIES_OUTLINED),
        )
    )

    items.append(
        card(
            ft.Row([ft.Icon(ft.Icons.LIGHTBULB_OUTLINE, color=ft.Colors.PRIMARY),
                    ft.Text(ctx.words("today.idea_title"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM)]),
            ft.Text(ideas.idea_for(ctx.content, data.day, data.checkin.care if data.checkin else ())),
        )
    )

    if data.next_milestone is not None and data.next_goal is not None:
        items.append(
            card(
                ft.Text(ctx.words("today.next_title"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                ft.Text(data.next_milestone.title),
                subtle(ctx.words("today.next_of", goal=data.next_goal.title)),
            )
        )
    if data.latest_win is not None:
        win = data.latest_win
        items.append(
            card(
                ft.Row([ft.Icon(ft.Icons.EMOJI_EVENTS_OUTLINED, color=ft.Colors.PRIMARY),
                        ft.Text(ctx.words("today.latest_win"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM)]),
                ft.Text(win.title or win.message),
                subtle(win.message) if win.title else ft.Container(),
            )
        )

    items.append(learn.entry_card(ctx))
    items.append(
        ft.Row([ft.TextButton(ctx.words("today.settings"), icon=ft.Icons.SETTINGS_OUTLINED, height=48,
                              on_click=lambda e: ctx.open(Screen(ctx.words("settings.title"), settings.build)))])
    )
    return page_column(items, stretch=True)
