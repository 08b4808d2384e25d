from hypothesis import given, strategies as st

from app.hlc import HybridClock, Stamp, is_stamp


class FakeWall:
    def __init__(self, t: float):
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_stamps_increase_when_wall_clock_jumps_backwards():
    wall = FakeWall(1_800_000_000.0)
    clock = HybridClock("dev1", wall)
    first = clock.now()
    wall.t -= 3600  # the phone's clock is set back an hour
    second = clock.now()
    third = clock.now()
    assert first < second < third
    assert Stamp.parse(second).wall_ms == Stamp.parse(first).wall_ms


def test_observe_moves_past_a_remote_stamp():
    clock = HybridClock("aaa", FakeWall(1000.0))
    remote = str(Stamp(5_000_000, 7, "bbb"))
    clock.observe(remote)
    mine = clock.now()
    assert mine > remote
    assert Stamp.parse(mine).device == "aaa"


def test_stamp_round_trip_and_validation():
    stamp = Stamp(1_795_000_000_000, 12, "abc123")
    assert Stamp.parse(str(stamp)) == stamp
    assert is_stamp(str(stamp))
    assert not is_stamp("2026-01-01")


@given(st.lists(st.floats(min_value=0, max_value=4e9, allow_nan=False), min_size=1, max_size=60))
def test_any_sequence_of_wall_times_gives_strictly_increasing_stamps(walls):
    wall = FakeWall(walls[0])
    clock = HybridClock("d", wall)
    stamps = []
    for t in walls:
        wall.t = t
        stamps.append(clock.now())
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
