"""Realistic sample data: the reference data set of DESIGN.md for ten years.

Per ten years: about 3,650 self-care check-ins, 520 resilience check-ins,
150 goals with 1,000 milestones, 500 achievements and 1,000 comments, plus a
profile, settings and two support contacts. Seeded, so runs are repeatable.
"""

from __future__ import annotations

import datetime as dt
import random

from .celebrations import CHECKIN_MILESTONES, reflection_awards_up_to
from .content import Content
from .models import (
    Achievement,
    Comment,
    Goal,
    Milestone,
    Profile,
    Record,
    ResilienceCheckin,
    SelfCareCheckin,
    Settings,
    SupportContact,
)

PER_TEN_YEARS = {"resilience": 520, "goals": 150, "milestones": 1000, "achievements": 500, "comments": 1000}

GOAL_TITLES = [
    "Walk three times a week", "Finish my course module", "Cook at home more often", "Find a part-time job",
    "Sleep before midnight", "Call my sister every Sunday", "Save a little each month", "Read one book a month",
    "Learn to drive", "Keep my room tidy", "Go to the library weekly", "Practise guitar", "Apply for college",
    "Volunteer at the food bank", "Drink more water", "Plan my week on Sundays",
]
MILESTONE_TITLES = [
    "Make a plan", "Ask for help with the first step", "Do it once", "Do it three times", "Tell my mentor",
    "Write down what worked", "Try a new way", "Keep going for two weeks", "Look back and notice progress",
]
NOTES = [
    "", "", "", "Tired but okay.", "Good talk with a friend.", "Hard morning, better afternoon.",
    "Went outside for a bit.", "Proud I got up early.", "Quiet day.",
]


def reference_counts(years: float) -> dict[str, int]:
    counts = {k: round(v * years / 10) for k, v in PER_TEN_YEARS.items()}
    counts["selfcare"] = round(365 * years)
    return counts


def build(years: float, content: Content, end: dt.date, seed: int = 7) -> list[Record]:
    rng = random.Random(seed)
    counts = reference_counts(years)
    start = end - dt.timedelta(days=counts["selfcare"] - 1)
    feelings = [f.word for f in content.feelings]
    care = [a.label for a in content.care_actions]
    records: list[Record] = [
        Profile(name="Sam", role="mentee"),
        Settings(onboarded=True),
        SupportContact(name="My mentor, Alex", phone="+44 7700 900123"),
        SupportContact(name="Local crisis line", phone="116 123", crisis_line=True),
    ]

    def scale() -> int | None:
        return None if rng.random() < 0.08 else rng.choice((2, 3, 3, 4, 4, 5))

    for i in range(counts["selfcare"]):
        records.append(
            SelfCareCheckin(
                day=start + dt.timedelta(days=i),
                mood=scale(), energy=scale(), sleep=scale(), stress=scale(),
                feelings=rng.sample(feelings, rng.randint(0, 3)),
                care=rng.sample(care, rng.randint(0, 4)),
                note=rng.choice(NOTES),
            )
        )
    for i in range(counts["resilience"]):
        week = start + dt.timedelta(weeks=i)
        records.append(
            ResilienceCheckin(
                week=week - dt.timedelta(days=week.weekday()),
                challenge="A busy week at college.", helped="Taking breaks.",
                strength=rng.choice(["patience", "humour", "courage", "kindness"]),
                supporters="My mentor", bounce_back=scale(), next_step="Plan Monday the night before.",
            )
        )
    goals = []
    for i in range(counts["goals"]):
        created = start + dt.timedelta(days=rng.randrange(max(1, counts["selfcare"])))
        status = rng.choice(("achieved", "achieved", "active", "paused", "let_go"))
        goals.append(
            Goal(
                title=f"{rng.choice(GOAL_TITLES)}",
                why="It matters to me.", measure="I will notice it in my week.",
                status=status, created=created, shared=rng.random() < 0.4,
            )
        )
    records += goals
    milestones = []
    for i in range(counts["milestones"]):
        goal = goals[i % len(goals)] if goals else None
        if goal is None:
            break
        done = goal.status == "achieved" or rng.random() < 0.5
        milestones.append(
            Milestone(
                goal_id=goal.id, title=rng.choice(MILESTONE_TITLES), order=float(i // max(1, len(goals)) + 1),
                done=done, done_on=min(end, goal.created + dt.timedelta(days=rng.randint(3, 90))) if done else None,
                shared=goal.shared,
            )
        )
    records += milestones
    done_ones = [m for m in milestones if m.done]
    earned = _count_awards(records, content)  # dated when reached, so the app has none left to hand out
    records += earned[: counts["achievements"]]
    for i in range(counts["achievements"] - min(len(earned), counts["achievements"])):
        if i < len(done_ones):
            m = done_ones[i]
            records.append(
                Achievement(rule="milestone_done", key=f"milestone_done:{m.id}", day=m.done_on,
                            title="A milestone done", message=f"You finished: {m.title}.", subject_id=m.id)
            )
        else:
            records.append(
                Achievement(rule="welcome_back", key=f"demo:{i}", day=start + dt.timedelta(days=i * 7 % max(1, counts["selfcare"])),
                            title="Welcome back", message="You came back to yourself today.")
            )
    shared_targets = [g.id for g in goals if g.shared] + [m.id for m in milestones if m.shared]
    for i in range(counts["comments"]):
        if not shared_targets:
            break
        records.append(
            Comment(
                target_id=shared_targets[i % len(shared_targets)],
                author_role=rng.choice(("mentor", "mentee")),
                day=start + dt.timedelta(days=rng.randrange(max(1, counts["selfcare"]))),
                text=rng.choice(["Nice work on this.", "How did it feel?", "Let's talk about it on Tuesday."]),
                encouragement=rng.random() < 0.3, shared=True,
            )
        )
    return records


def _count_awards(records: list[Record], content: Content) -> list[Achievement]:
    """The wins for totals (check-ins, reflections, first goal) that this
    history reached, each dated on the day it was reached."""
    checkin_days = sorted(r.day for r in records if isinstance(r, SelfCareCheckin))
    weeks = sorted(r.week for r in records if isinstance(r, ResilienceCheckin))
    goal_days = sorted(r.created for r in records if isinstance(r, Goal) and r.created)
    due: list[tuple[str, str, dt.date, dict]] = []
    if checkin_days:
        due.append(("first_checkin", "first_checkin", checkin_days[0], {}))
    for n in CHECKIN_MILESTONES:
        if len(checkin_days) >= n:
            due.append((f"checkins_{n}", f"checkins_{n}", checkin_days[n - 1], {"count": str(n)}))
    for n in reflection_awards_up_to(len(weeks)):
        rule = "first_reflection" if n == 1 else "reflection_every_4"
        due.append((rule, f"reflections_{n}", weeks[n - 1], {"count": str(n)}))
    if goal_days:
        due.append(("first_goal", "first_goal", goal_days[0], {}))
    awards = []
    for rule, key, day, values in due:
        title, message = content.celebration(rule, **values)
        awards.append(Achievement(rule=rule, key=key, day=day, title=title, message=message))
    return awards
