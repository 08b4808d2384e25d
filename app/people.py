"""The person using this device: their profile, settings and support contacts."""

from __future__ import annotations

from typing import Literal

from .models import Profile, Settings, SupportContact
from .store import Store


class PeopleService:
    def __init__(self, store: Store):
        self.store = store

    def profile(self) -> Profile:
        return self.store.singleton(Profile) or Profile()

    def save_profile(self, name: str, role: Literal["mentee", "mentor"] | None) -> Profile:
        current = self.profile()
        return self.store.save(Profile.model_validate({**current.model_dump(), "name": name, "role": role}))

    def settings(self) -> Settings:
        return self.store.singleton(Settings) or Settings()

    def save_settings(self, **changes) -> Settings:
        """Change some settings; the values are validated like any record."""
        current = self.settings()
        return self.store.save(Settings.model_validate({**current.model_dump(), **changes}))

    def contacts(self) -> list[SupportContact]:
        found = self.store.list(SupportContact)
        # Crisis lines first, then by name: the ones needed most are on top.
        return sorted(found, key=lambda c: (not c.crisis_line, c.name.lower()))

    def save_contact(self, contact: SupportContact) -> SupportContact:
        return self.store.save(contact)

    def delete_contact(self, contact_id: str) -> SupportContact:
        return self.store.delete(SupportContact, contact_id)
