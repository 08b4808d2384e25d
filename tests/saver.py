"""Saves check-ins in a loop and prints each id once its save returned.

Run by the kill test as a subprocess that gets SIGKILLed at random moments.
Every 40 saves it also compacts, so that kills land inside compactions too.
"""

import datetime as dt
import sys

from app.models import SelfCareCheckin
from app.store import Store


def main(directory: str, start_day: str) -> None:
    store = Store(directory)
    day = dt.date.fromisoformat(start_day)
    print("ready", flush=True)
    i = 0
    while True:
        saved = store.save(SelfCareCheckin(day=day + dt.timedelta(days=i), mood=1 + i % 5, note="x" * (i % 300)))
        sys.stdout.write(saved.id + "\n")
        sys.stdout.flush()
        i += 1
        if i % 40 == 0:
            store.compact()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
