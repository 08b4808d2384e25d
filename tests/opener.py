"""Opens a store when told to, for the kill-during-repair test.

Imports first and prints "ready", so that the parent's kill lands inside the
open (and its repair), not inside Python's start-up. Prints "opened" once
the open returned.
"""

import sys

from app.store import Store


def main(directory: str) -> None:
    print("ready", flush=True)
    sys.stdin.readline()
    store = Store(directory)
    print("opened", flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1])
