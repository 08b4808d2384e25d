"""The Check-ins tab: today's check-in and this week's reflection, how many
days you checked in this month (a count of what was done, never a run that
can end), trends over 7, 30 or 90 days, and the check-ins by day.

Only what is on screen is built: the trends of the chosen range (one small
chart per question, points only on days with an answer) and the newest 30
check-ins, with "Show more" adding 30 at a time. Ten years of history cost
no more to show than one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import flet as ft
import flet_charts as fch

from app import insights
from app.insights import Insights
from app.models import SelfCareCheckin
from views import checkin, resilience
from views.checkin import date_relative, date_short, title_medium
from views import celebration
from views.context import AppContext, Screen
from views.widgets import GAP, TOUCH, card, empty_state, heading, page_column, primary, secondary, subtle

RANGES = tuple(insights.RANGES)  # "7", "30", "90", "365", "all"
RANGE_KEY = "checkins.range"
SHOWN_KEY = "checkins.shown"
TAB_KEY = "checkins.tab"
PAGE = 30  # check-ins listed at first, and added by each "Show more"
CHART_HEIGHT = 132
AXIS_WORDS = 84  # room on the left for the words at the ends of a scale
SAME_MOOD = 0.25  # averages closer than this are "about the same"
CARE_SHOWN = 10  # self-care actions in the bar chart
WEEKLY_AFTER = 30  # longer ranges show the average of each week: 90 daily points are too many to read


# ---- opening the check-in screens --------------------------------------------

def open_checkin(ctx: AppContext, day: dt.date) -> None:
    ctx.state[checkin.DAY_KEY] = day
    ctx.open(Screen(ctx.words("checkins.title"), checkin.build))


def open_reflection(ctx: AppContext) -> None:
    ctx.state[resilience.WEEK_KEY] = ctx.trellis.today()
    ctx.open(Screen(ctx.content.resilience.title, resilience.build))


def older(ctx: AppContext, before: dt.date | None, count: int) -> list[SelfCareCheckin]:
    """Up to `count` check-ins before the day `before` (None: up to today),
    newest first. Asks for a window of days first, so that showing a page
    does not read ten years of history; only a sparse history needs more."""
    service = ctx.trellis.checkins
    end = before - dt.timedelta(days=1) if before is not None else ctx.trellis.today()
    found = service.history(end - dt.timedelta(days=max(2 * count, 60)), end)
    if len(found) < count:
        found = service.history(None, end)
    return list(reversed(found[-count:]))


# ---- words for one check-in -------------------------------------------------

def summary(ctx: AppContext, c: SelfCareCheckin) -> str:
    """What was answered, in the answer words; skipped questions are simply left out."""
    scales = ctx.content.checkin.scales
    parts = [
        ctx.words("checkins.answer", measure=ctx.words(f"checkins.{key}"), word=scales[key].labels[getattr(c, key) - 1])
        for key in scales
        if getattr(c, key)
    ]
    return " · ".join(parts)


def checkin_row(ctx: AppContext, c: SelfCareCheckin) -> ft.Control:
    lines: list[ft.Control] = []
    said = summary(ctx, c)
    lines.append(ft.Text(said or ctx.words("checkins.nothing_answered")))
    extra = [", ".join(c.feelings)] if c.feelings else []
    if c.care:
        extra.append(", ".join(c.care))
    if c.note:
        extra.append(ctx.words("checkins.note_written"))
    for line in extra:
        lines.append(ft.Text(line, theme_style=ft.TextThemeStyle.BODY_SMALL, color=ft.Colors.ON_SURFACE_VARIANT,
                             max_lines=2, overflow=ft.TextOverflow.ELLIPSIS))
    when = date_relative(ctx, c.day)
    return ft.ListTile(
        title=ft.Text(when, theme_style=ft.TextThemeStyle.TITLE_SMALL, weight=ft.FontWeight.W_600),
        subtitle=ft.Column(lines, spacing=2, tight=True),
        trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
        on_click=lambda e, day=c.day: checkin.open_day(ctx, day),
        tooltip=ctx.words("checkins.open_label", date=when),
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        shape=ft.RoundedRectangleBorder(radius=16),
        content_padding=ft.Padding.symmetric(horizontal=16, vertical=4),
        min_height=TOUCH,
        data=c.day,
    )


# ---- trends ------------------------------------------------------------------

def most_often(values: list[int]) -> int:
    """The answer given most often; on a tie, the one given most recently."""
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in reversed(values) if counts[v] == best)


def runs(items: list[tuple], step: int = 1) -> list[list[tuple]]:
    """Split items (index first, in order) into runs of consecutive indexes: a
    day (or week) without an answer leaves a gap in the line."""
    out: list[list[tuple]] = []
    for item in items:
        if out and item[0] == out[-1][-1][0] + step:
            out[-1].append(item)
        else:
            out.append([item])
    return out


def weekly(points: list[tuple[int, int]], days: int) -> list[tuple[int, float, float]]:
    """(week, x, average) for each week with answers, weeks counted back from
    the last day (week 0 is the latest seven days) so every week but the
    oldest is whole; x is the middle of the days answered."""
    weeks: dict[int, list[tuple[int, int]]] = {}
    for x, y in points:
        weeks.setdefault((days - 1 - x) // 7, []).append((x, y))
    out = []
    for week in sorted(weeks, reverse=True):
        xs, ys = zip(*weeks[week])
        out.append((-week, sum(xs) / len(xs), round(sum(ys) / len(ys), 2)))
    return out


def _index(day: dt.date, bucket: str, start: dt.date, end: dt.date) -> int:
    """The place on the x axis of the bucket holding `day`: one step per day, week or month, so gaps show as gaps."""
    if bucket == "day":
        return (day - start).days
    if bucket == "week":
        return -((end - day).days // 7)
    return (day.year * 12 + day.month) - (start.year * 12 + start.month)


def point_words(ctx: AppContext, point, bucket: str, word: str) -> str:
    if bucket == "day":
        return ctx.words("checkins.day_point", date=date_short(ctx, point.start), word=word)
    if bucket == "week":
        return ctx.words("checkins.week_point", date=date_short(ctx, point.start), word=word)
    return ctx.words("checkins.month_point", month=ctx.words(f"checkins.month.{checkin._MONTHS[point.start.month - 1]}"),
                     year=point.start.year, word=word)


def measure_chart(ctx: AppContext, key: str, found: Insights, still: bool, text_scale: float = 1.0) -> ft.Control:
    """One small chart: the answers of one question, words at the ends of the
    scale; day by day, or the average of each week or month for long ranges."""
    labels = ctx.content.checkin.scales[key].labels
    name = ctx.words(f"checkins.{key}")
    points = found.series[key]
    if not points:
        return ft.Column([title_medium(name), subtle(ctx.words("checkins.no_answers"))], spacing=4)
    total = sum(p.count for p in points)
    average = sum(p.value * p.count for p in points) / total
    said = ctx.words("checkins.on_average", word=labels[min(5, max(1, round(average))) - 1])
    color = ft.Colors.PRIMARY

    def word(y: float) -> str:
        return labels[min(5, max(1, round(y))) - 1]

    bucket, start, end = found.bucket, found.start, found.end
    items = [(_index(p.start, bucket, start, end), p) for p in points]
    first_index, last_index = _index(start, bucket, start, end), _index(end, bucket, start, end)
    dot = fch.ChartCirclePoint(radius=3 if len(points) <= 60 else 2, color=color, stroke_width=0)
    series = [
        fch.LineChartData(
            points=[fch.LineChartDataPoint(i, p.value, tooltip=point_words(ctx, p, bucket, word(p.value)))
                    for i, p in run],
            color=color,
            stroke_width=2.5,
            rounded_stroke_cap=True,
            point=dot,
        )
        for run in runs(items)
    ]

    def axis_word(text: str) -> ft.Text:
        # LABEL_SMALL grows with the person's text size, and so does the room for it.
        return ft.Text(text, theme_style=ft.TextThemeStyle.LABEL_SMALL, color=ft.Colors.ON_SURFACE_VARIANT,
                       text_align=ft.TextAlign.RIGHT, max_lines=2)

    start_words = date_short(ctx, start) if found.days <= 366 else f"{date_short(ctx, start)} {start.year}"
    chart = fch.LineChart(
        data_series=series,
        min_x=first_index - 0.5,  # half a step of room, so the first and last dots are whole
        max_x=last_index + 0.5,
        min_y=0.6,
        max_y=5.4,
        left_axis=fch.ChartAxis(
            labels=[fch.ChartAxisLabel(value=1, label=axis_word(labels[0])),
                    fch.ChartAxisLabel(value=5, label=axis_word(labels[4]))],
            label_size=round(AXIS_WORDS * text_scale),
            label_spacing=1,
            show_min=False,
            show_max=False,
        ),
        bottom_axis=fch.ChartAxis(
            labels=[fch.ChartAxisLabel(value=first_index, label=axis_word(start_words)),
                    fch.ChartAxisLabel(value=last_index, label=axis_word(ctx.words("checkins.today")))],
            label_size=round(22 * text_scale),
            label_spacing=max(last_index - first_index, 1),
            show_min=False,
            show_max=False,
        ),
        horizontal_grid_lines=fch.ChartGridLines(interval=1, color=ft.Colors.OUTLINE_VARIANT, width=0.5),
        vertical_grid_lines=fch.ChartGridLines(interval=max(last_index - first_index + 1, 1),
                                               color=ft.Colors.TRANSPARENT, width=0),
        border=ft.Border.all(0, ft.Colors.TRANSPARENT),
        # Kept inside the chart's own box, so it never covers the words above it.
        tooltip=fch.LineChartTooltip(bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST, border_radius=8,
                                     fit_inside_vertically=True, fit_inside_horizontally=True),
        animation=0 if still else ft.Animation(duration=ft.Duration(milliseconds=250), curve=ft.AnimationCurve.EASE_OUT),
        height=round(CHART_HEIGHT * max(1.0, text_scale)),
        expand=True,
    )
    label = ctx.words("checkins.chart_label", measure=name, range=range_words(ctx, found.range_key), summary=said)
    head: list[ft.Control] = [ft.Row([title_medium(name), subtle(said)], alignment=ft.MainAxisAlignment.SPACE_BETWEEN,
                                     wrap=True)]
    if key == "stress":
        head.append(ft.Row([ft.Icon(ft.Icons.SOUTH, size=16, color=ft.Colors.ON_SURFACE_VARIANT),
                            subtle(ctx.words("checkins.stress_cue"))], spacing=4))
        label += " " + ctx.words("checkins.stress_cue")
    return ft.Column(
        [*head,
         ft.Semantics(label=label, content=ft.Container(chart, padding=ft.Padding.only(right=8)), container=True)],
        spacing=4,
    )


def range_words(ctx: AppContext, key: str) -> str:
    return ctx.words(f"checkins.range_words_{key}")


def care_bars(ctx: AppContext, trends: Insights) -> ft.Control:
    """How often each self-care action was done, as bars with their words beside them.

    Horizontal bars built from plain controls: the action words are long
    ("Took a break from screens") and would not fit under vertical bars on a
    phone, and each row reads out as text for a screen reader.
    """
    counts = trends.care_counts[:CARE_SHOWN]
    rows: list[ft.Control] = [title_medium(ctx.words("checkins.care_title"))]
    if not counts:
        rows.append(subtle(ctx.words("checkins.care_empty")))
        return card(*rows)
    top = counts[0][1]
    for action, count in counts:
        rows.append(
            ft.Semantics(
                label=ctx.words("checkins.care_count", action=action, count=count),
                container=True,
                exclude_semantics=True,
                content=ft.Column(
                    [
                        ft.Row([ft.Text(action, expand=True), ft.Text(str(count), weight=ft.FontWeight.W_600)]),
                        ft.Row(
                            [
                                ft.Container(bgcolor=ft.Colors.PRIMARY, height=10, border_radius=5, expand=count),
                                ft.Container(height=10, expand=top - count) if top > count else ft.Container(width=0),
                            ],
                            spacing=0,
                        ),
                    ],
                    spacing=4,
                ),
            )
        )
    return card(*rows)


def feelings_card(ctx: AppContext, found: Insights) -> ft.Control:
    """The feeling words named most often, period by period."""
    rows: list[ft.Control] = [title_medium(ctx.words("checkins.feelings_title"))]
    if not any(period.top for period in found.feelings):
        rows.append(subtle(ctx.words("checkins.feelings_empty")))
        return card(*rows)
    long = found.days > 366
    for period in found.feelings:
        when = (f"{date_short(ctx, period.start)} {period.start.year} – {date_short(ctx, period.end)} {period.end.year}"
                if long else f"{date_short(ctx, period.start)} – {date_short(ctx, period.end)}")
        said = (", ".join(ctx.words("checkins.feeling_count", word=w, count=n) for w, n in period.top)
                if period.top else ctx.words("checkins.feelings_none_named"))
        rows.append(ft.Column([ft.Text(when, theme_style=ft.TextThemeStyle.LABEL_LARGE, color=ft.Colors.PRIMARY),
                               ft.Text(said)], spacing=2, tight=True))
    return card(*rows)


def _mood_bar(value: float, color) -> ft.Control:
    """A thin bar, as long as the average mood is high (out of 5)."""
    filled = max(1, round(value * 20))
    return ft.Row([ft.Container(bgcolor=color, height=8, border_radius=4, expand=filled),
                   ft.Container(height=8, expand=100 - filled)], spacing=0)


def comparisons_card(ctx: AppContext, found: Insights) -> ft.Control:
    """ "On days you did X, your mood was on average ..." with the number of days for each, and careful words."""
    rows: list[ft.Control] = [title_medium(ctx.words("checkins.together_title")),
                              subtle(ctx.words("checkins.together_why"))]
    if not found.comparisons:
        rows.append(subtle(ctx.words("checkins.together_empty", days=insights.MIN_DAYS)))
        return card(*rows)

    for c in found.comparisons:
        with_text = ctx.words("checkins.together_with", action=c.action, days=c.with_days, value=f"{c.with_mood:.1f}")
        without_text = ctx.words("checkins.together_without", days=c.without_days, value=f"{c.without_mood:.1f}")
        gap = c.difference
        overall = ctx.words("checkins.together_same" if abs(gap) < SAME_MOOD else
                            "checkins.together_higher" if gap > 0 else "checkins.together_lower")
        rows.append(ft.Semantics(
            label=f"{c.action}. {with_text} {without_text} {overall}", container=True, exclude_semantics=True,
            content=ft.Column([
                ft.Text(c.action, weight=ft.FontWeight.W_600),
                ft.Text(with_text), _mood_bar(c.with_mood, ft.Colors.PRIMARY),
                subtle(without_text), _mood_bar(c.without_mood, ft.Colors.OUTLINE),
                ft.Text(overall, theme_style=ft.TextThemeStyle.BODY_SMALL, italic=True),
            ], spacing=4, tight=True),
        ))
    rows.append(subtle(ctx.words("checkins.together_note")))
    return card(*rows)


def range_insights(ctx: AppContext, key: str) -> Insights:
    """Only the range's check-ins are read (all of them only for "all time")."""
    return insights.for_range(ctx.trellis, key)


def trends_section(ctx: AppContext, key) -> list[ft.Control]:
    key = str(key)
    found = range_insights(ctx, key)
    if found.days_checked_in == 0:
        return [card(subtle(ctx.words("checkins.trends_empty")))]
    settings = ctx.trellis.people.settings()
    if not any(found.series.values()):
        charts = [subtle(ctx.words("checkins.no_answers_any"))]  # once, not four times
    else:
        charts = [measure_chart(ctx, m, found, ctx.reduced_motion, settings.text_scale)
                  for m in ctx.content.checkin.scales]
    count = found.days_checked_in
    where = range_words(ctx, key)
    if key == "all":
        since = f"{date_short(ctx, found.start)} {found.start.year}"
        said = (ctx.words("checkins.trends_count_all_one", date=since) if count == 1
                else ctx.words("checkins.trends_count_all", count=count, date=since))
    else:
        said = (ctx.words("checkins.trends_count_one", range=where) if count == 1
                else ctx.words("checkins.trends_count", count=count, range=where))
    if found.bucket != "day":
        said += " " + ctx.words(f"checkins.{found.bucket}ly_note")
    return [
        card(subtle(said), *charts),
        feelings_card(ctx, found),
        comparisons_card(ctx, found),
        care_bars(ctx, found),
    ]


def _stretched(column: ft.Column) -> ft.Column:
    column.horizontal_alignment = ft.CrossAxisAlignment.STRETCH  # cards the full width, whatever their words
    return column


class CheckinsTab:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        service = ctx.trellis.checkins
        today = ctx.trellis.today()
        self.today_checkin = service.for_day(today)
        self.reflection = service.reflection_for_week(today)
        self.total = service.total()
        items: list[ft.Control] = []

        if self.total == 0:
            e = ctx.content.messages.empty.checkins
            items.append(empty_state(ft.Icons.FAVORITE_BORDER, e.title, e.text,
                                     primary(e.action, lambda e: open_checkin(ctx, today), icon=ft.Icons.FAVORITE_BORDER)))
            items.append(self.week_card())
            self.control = _stretched(page_column(items))
            return

        items.append(self.today_card(today))
        items.append(self.week_card())
        count = service.days_this_month(today)
        month = (ctx.words("checkins.month_none") if count == 0 else
                 ctx.words("checkins.month_one") if count == 1 else ctx.words("checkins.month_count", count=count))
        items.append(ft.Row([ft.Icon(ft.Icons.CALENDAR_MONTH_OUTLINED, color=ft.Colors.PRIMARY),
                             ft.Text(month, expand=True)], spacing=8))

        # Trends for the chosen range.
        self.days = str(ctx.state.get(RANGE_KEY, "30"))
        if self.days not in RANGES:
            self.days = "30"
        self.range = ft.SegmentedButton(
            selected=[self.days],
            segments=[ft.Segment(value=d, label=ft.Text(ctx.words(f"checkins.range_{d}"))) for d in RANGES],
            show_selected_icon=False,
            on_change=self.change_range,
            tooltip=ctx.words("checkins.range_label"),
        )
        self.trends = ft.Column(trends_section(ctx, self.days), spacing=GAP,
                                horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        items.append(heading(ctx.words("checkins.trends_title")))
        items.append(subtle(ctx.words("checkins.trends_why")))
        items.append(ft.Row([self.range], alignment=ft.MainAxisAlignment.CENTER))
        items.append(self.trends)

        # The check-ins, newest first.
        items.append(heading(ctx.words("checkins.history_title")))
        self.shown = max(PAGE, ctx.state.get(SHOWN_KEY, PAGE))
        newest = older(ctx, None, self.shown)
        self.history = ft.Column([checkin_row(ctx, c) for c in newest], spacing=8,
                                 horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.more = secondary(ctx.words("checkins.show_more"), self.show_more, icon=ft.Icons.EXPAND_MORE)
        self.more.visible = len(newest) == self.shown and self.shown < self.total
        items.append(self.history)
        items.append(ft.Row([self.more], alignment=ft.MainAxisAlignment.CENTER))
        self.control = _stretched(page_column(items))

    def today_card(self, today: dt.date) -> ft.Control:
        ctx = self.ctx
        if self.today_checkin is None:
            return card(
                title_medium(ctx.words("checkins.today_title")),
                subtle(ctx.words("checkins.today_invite")),
                primary(ctx.words("checkins.start_today"), lambda e: open_checkin(ctx, today),
                        icon=ft.Icons.FAVORITE_BORDER),
            )
        said = summary(ctx, self.today_checkin)
        return card(
            title_medium(ctx.words("checkins.today_done")),
            *([subtle(said)] if said else []),
            secondary(ctx.words("checkins.edit_today"), lambda e: open_checkin(ctx, today), icon=ft.Icons.EDIT_OUTLINED),
        )

    def week_card(self) -> ft.Control:
        ctx = self.ctx
        done = self.reflection is not None
        return card(
            title_medium(ctx.words("checkins.week_title")),
            subtle(ctx.words("checkins.week_done" if done else "checkins.week_invite")),
            secondary(ctx.words("checkins.edit_reflection" if done else "checkins.reflect"),
                      lambda e: open_reflection(ctx), icon=ft.Icons.AUTO_STORIES_OUTLINED),
        )

    def change_range(self, e=None) -> None:
        chosen = self.range.selected[0] if self.range.selected else self.days
        self.days = chosen if chosen in RANGES else "30"
        self.ctx.state[RANGE_KEY] = self.days
        self.trends.controls = trends_section(self.ctx, self.days)

    def show_more(self, e=None) -> None:
        rows = self.history.controls
        more = older(self.ctx, rows[-1].data if rows else None, PAGE)
        rows.extend(checkin_row(self.ctx, c) for c in more)
        self.shown = len(rows)
        self.ctx.state[SHOWN_KEY] = self.shown
        self.more.visible = len(more) == PAGE and self.shown < self.total


def build(ctx: AppContext) -> ft.Control:
    tab = CheckinsTab(ctx)
    ctx.state[TAB_KEY] = tab
    return celebration.with_moment(ctx, tab.control)
