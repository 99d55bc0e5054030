"""The command line's words (its tables, counts and notices), Vietnamese first."""

from __future__ import annotations

# Text of the command line and reports, keyed by purpose: (Vietnamese, English).
UI: dict[str, tuple[str, str]] = {
    "rank": ("Hạng", "Rank"),
    "unit": ("Đơn vị", "Unit"),
    "group": ("Nhóm", "Group"),
    "points": ("Điểm", "Points"),
    "max": ("Tối đa", "Max"),
    "index": ("Chỉ số (%)", "Index (%)"),
    "class": ("Xếp loại", "Class"),
    "not_appraised": ("chưa thẩm định", "not appraised"),
    "all_units": ("Tất cả đơn vị", "All units"),
    "heading": ("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH — {name}",
                "ADMINISTRATIVE REFORM INDEX RESULTS — {name}"),
    "problems_in": ("Vấn đề trong tệp {file}:", "Problems in {file}:"),
    "problems_general": ("Vấn đề chung:", "General problems:"),
    "account": (
        "Tìm thấy {found} tệp: {read} tệp được chấm, {rejected} tệp bị từ chối. "
        "Đã chấm {scored} đơn vị; {unscored} đơn vị không chấm được do lỗi. "
        "{errors} lỗi, {warnings} cảnh báo.",
        "Found {found} files: {read} scored, {rejected} rejected. "
        "Scored {scored} units; {unscored} could not be scored because of errors. "
        "{errors} errors, {warnings} warnings.",
    ),
    "survey_missing": ("{n} đơn vị chưa có (đủ) điểm điều tra xã hội học ({rule}): {names}",
                       "{n} units have no (or not all) survey points ({rule}): {names}"),
    "survey_zero": ("tính 0 điểm theo bộ chỉ số", "counted as 0 as the methodology says"),
    "survey_excluded": ("loại khỏi điểm và điểm tối đa theo bộ chỉ số",
                        "left out of points and maximum as the methodology says"),
    "rejected_files": ("{n} tệp bị từ chối:", "{n} files rejected:"),
    "no_unit_scored": ("không đơn vị nào chấm được", "no unit could be scored"),
    "missing_units": ("Thiếu {n} đơn vị có trong danh sách nhưng không có trong tệp nào: {names}",
                      "{n} units on the list are in no file: {names}"),
    "skipped_files": ("Bỏ qua {n} tệp không phải bảng tính trong thư mục đầu vào: {names}",
                      "{n} files in the input folders are not spreadsheets, skipped: {names}"),
    "wrote": ("Đã ghi {path}", "Wrote {path}"),
    "nothing_scored": ("Không chấm được đơn vị nào.", "No unit could be scored."),
    "methodology_rejected": ("Bộ chỉ số không dùng được ({n} lỗi):",
                             "The methodology cannot be used ({n} errors):"),
    "bundled": ("Các bộ chỉ số có sẵn:", "Bundled methodologies:"),
    "tree_total": ("Tổng điểm tối đa: {total}", "Total maximum: {total}"),
    "bands": ("Xếp loại:", "Classification bands:"),
    "from": ("từ", "from"),
    "internal": ("Lỗi nội bộ: {error}. Chạy lại với --debug để xem chi tiết.",
                 "Internal error: {error}. Run again with --debug for details."),
    "valid": ("Không phát hiện lỗi nào.", "No problems found."),
    "draft": ("điểm thẩm định dự thảo theo quy định", "draft appraisal from the rules"),
    "council_heading": ("DANH SÁCH ĐỐI CHIẾU VỚI QUY ĐỊNH CHẤM ĐIỂM ({n} mục, để Hội đồng thẩm "
                        "định xem xét):",
                        "ITEMS AGAINST THE SCORING RULES ({n}, for the appraisal council):"),
    "council_item": ("{unit}, tiêu chí {code}{cell}: tự chấm {self}, theo quy định {points} — "
                     "{issue}; số liệu {figure}{figure_cell}; {rule}",
                     "{unit}, criterion {code}{cell}: self-score {self}, rule {points} — "
                     "{issue}; figure {figure}{figure_cell}; {rule}"),
    "council_none": ("Điểm tự chấm khớp với quy định chấm điểm ở mọi tiêu chí có số liệu.",
                     "Self-scores agree with the scoring rules wherever a figure is given."),
    "cell_at": (" (ô {cell})", " (cell {cell})"),
    "council_sheet": ("Đối chiếu quy định", "Rule checks"),
    "reading": ("Đang đọc", "Reading"),
    "files_unit": (" tệp", " files"),
    "interrupted": ("Đã dừng theo yêu cầu; chưa ghi kết quả.",
                    "Stopped on request; no results were written."),
    "interrupted_written": ("Đã dừng theo yêu cầu; đã ghi xong trước khi dừng: {paths}.",
                            "Stopped on request; written in full before stopping: {paths}."),
    "error_mark": ("LỖI", "ERROR"),
    "warning_mark": ("cảnh báo", "warning"),
    "summary_heading": ("NHẬN XÉT", "SUMMARY"),
}
