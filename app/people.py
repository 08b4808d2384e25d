"""The person using this device: their profile, settings and support contacts."""

from __future__ import annotations

from typing import Literal

from .models import Profile, Settings, SupportContact
from .store import RecordNotFound, Store


class PeopleService:
    def __init__(self, store: Store):
        self.store = store

    def profile(self) -> Profile:
        return self.store.singleton(Profile) or Profile()

    def save_profile(self, name: str, role: Literal["mentee", "mentor"] | None) -> Profile:
        return self._set(Profile, self.store.singleton(Profile), {"name": name, "role": role})

    def settings(self) -> Settings:
        return self.store.singleton(Settings) or Settings()

    def save_settings(self, **changes) -> Settings:
        """Change some settings; the values are validated like any record."""
        return self._set(Settings, self.store.singleton(Settings), changes)

    def _set(self, model, current, changes: dict):
        """Change named fields of a one-per-device record, making it the first time."""
        if current is None:
            return self.store.save(model.model_validate(changes))
        return self.store.patch(model, current.id, changes)

    def contacts(self) -> list[SupportContact]:
        found = self.store.list(SupportContact)
        # Crisis lines first, then by name: the ones needed most are on top.
        return sorted(found, key=lambda c: (not c.crisis_line, c.name.lower()))

    def save_contact(self, contact: SupportContact) -> SupportContact:
        """Add a contact; for a stored one, change only where this copy differs from it."""
        try:
            before = self.store.get(SupportContact, contact.id, include_deleted=True)
        except RecordNotFound:
            return self.store.save(contact)
        theirs, mine = contact.model_dump(mode="json"), before.model_dump(mode="json")
        fields = [n for n in SupportContact.content_fields() if n != "deleted"]
        return self.edit_contact(contact.id, {k: theirs[k] for k in fields if theirs[k] != mine[k]})

    def edit_contact(self, contact_id: str, changes: dict) -> SupportContact:
        return self.store.patch(SupportContact, contact_id, changes)

    def delete_contact(self, contact_id: str) -> SupportContact:
        return self.store.delete(SupportContact, contact_id)
