"""What a service reports back after a save, for the celebration rules."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class Event(BaseModel):
    model_config = ConfigDict(frozen=True)

    # checkin_saved, welcome_back, reflection_saved, goal_created,
    # milestone_done, goal_achieved, review_saved, encouragement_received
    name: str
    record_id: str
    day: dt.date
    detail: dict[str, str] = Field(default_factory=dict)
