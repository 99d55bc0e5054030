"""Text keys: NFC, accents, and the memo that must not grow with a batch's long texts."""

from __future__ import annotations

import gc
import tracemalloc

from cchc_index._internal.text import canonical, name_key, nfc


def test_keys_match_the_ways_people_type_a_name():
    assert nfc("  Xã\u00a0Hoà Bình ") == "Xã Hoà Bình"
    assert canonical("ĐIỂM TỐI  ĐA") == canonical("Diem toi da") == "diem toi da"
    assert name_key("Xã Hoà Bình") == name_key("Xã Hòa  Bình") != name_key("Xã Hoa Bình")


def test_long_texts_are_not_kept_after_they_are_read():
    """Evidence and explanations differ in every form and may be thousands of characters:
    memoising them would keep a batch's texts alive to the end of the run."""
    evidence = "Quyết định số 12/QĐ-UBND ngày 15/01/2024 về kế hoạch cải cách hành chính; "
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(300):
            text = f"{i}. {evidence * 80} "  # about 6,000 characters, stripped by both
            assert nfc(text) == text.strip()
            assert canonical(text).startswith(f"{i}. quyet dinh")
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 1_000_000, f"{kept:,} bytes kept"


def test_short_texts_are_memoised():
    assert nfc("Điểm tự đánh giá ") is nfc("Điểm tự đánh giá ")
