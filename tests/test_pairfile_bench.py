from app import pairfile, pairfile_bench, sharing


def test_the_ten_year_data_is_the_reference_set():
    mentee, mentor = pairfile_bench.ten_year_records()
    kinds = [doc["kind"] for doc in mentee]
    assert (kinds.count("goal"), kinds.count("milestone"), kinds.count("achievement"), kinds.count("selfcare")) == (
        150,
        1000,
        500,
        520,
    )
    assert len(mentor) == 1000 and {doc["kind"] for doc in mentor} == {"comment"}
    # Every record carries a stamp per shared field, as the file will.
    for doc in mentee + mentor:
        fields = set(sharing.allowed_fields(doc["kind"], "notes")) | {"deleted", "shared"}
        assert set(doc["stamps"]) == fields


def test_measure_reports_every_figure_and_the_file_fits_the_cap():
    figures = pairfile_bench.measure(repeats=1)
    for name in ("kdf_ms", "sign_section_ms", "encrypted_write_ms", "plain_write_ms", "encrypted_read_ms",
                 "plain_read_ms", "hostile_kdf_refused_ms", "file_50mb_refused_ms"):
        assert figures[name] > 0
    assert figures["records"] == 3170
    assert 1_000_000 < figures["encrypted_bytes"] < pairfile.MAX_FILE_BYTES / 5
    assert figures["encrypted_bytes"] - figures["plain_bytes"] < 1000  # the lock adds a header and a tag only
