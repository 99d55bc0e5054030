"""The analysed workbook's sheet names, column headings and titles, Vietnamese first."""

from __future__ import annotations

ANALYSIS_SHEETS: dict[str, tuple[str, str]] = {
    "yoy": ("So sánh năm trước", "Year over year"),
    "robust": ("Độ vững xếp loại", "Robustness"),
    "lost": ("Điểm bị mất", "Points lost"),
    "lost_units": ("Điểm bị mất theo đơn vị", "Points lost by unit"),
    "yoy_fields": ("So sánh theo lĩnh vực", "Comparison by field"),
    "claims": ("Tự chấm và thẩm định", "Claims vs appraisal"),
    "disagreement": ("Thẩm định điều chỉnh", "Appraisal changes"),
    "evidence": ("Thiếu tài liệu kiểm chứng", "Missing evidence"),
    "summary": ("Nhận xét", "Commentary"),
    "charts": ("Biểu đồ phân tích", "Analysis charts"),
}
# keys: analysis.yoy's YES, CHANGED, MERGED, NEW
COMPARABLE: dict[str, tuple[str, str]] = {
    "yes": ("có", "yes"), "methodology changed": ("bộ chỉ số thay đổi", "methodology changed"),
    "merged": ("hợp nhất", "merged"), "new unit": ("đơn vị mới", "new unit"),
}
# column -> (Vietnamese heading, English heading, number format or "")
ANALYSIS_COLUMNS: dict[str, tuple[str, str, str]] = {
    "unit": ("Đơn vị", "Unit", ""), "group": ("Nhóm", "Group", ""),
    "index_pct": ("Chỉ số (%)", "Index (%)", "0.00"),
    "prev_index_pct": ("Chỉ số năm trước (%)", "Last year (%)", "0.00"),
    "index_change": ("Tăng, giảm (điểm %)", "Change (points)", "+0.00;-0.00;0.00"),
    "rank": ("Xếp hạng", "Rank", "0"), "prev_rank": ("Hạng năm trước", "Last year's rank", "0"),
    "rank_change": ("Tăng, giảm hạng (+ là tăng)", "Rank change (+ is up)", "+0;-0;0"),
    "classification": ("Xếp loại", "Class", ""),
    "prev_classification": ("Xếp loại năm trước", "Last year's class", ""),
    "comparable": ("So sánh được", "Comparable", ""),
    "previous_units": ("Đơn vị năm trước", "Last year's units", ""),
    "index_p05": ("Chỉ số 5%", "Index 5%", "0.00"),
    "index_p95": ("Chỉ số 95%", "Index 95%", "0.00"),
    "rank_p05": ("Hạng 5%", "Rank 5%", "0"), "rank_median": ("Hạng trung vị", "Median rank", "0"),
    "rank_p95": ("Hạng 95%", "Rank 95%", "0"),
    "class_probability": ("Xác suất giữ xếp loại (%)", "Probability of class (%)", "0%"),
    "settled": ("Xếp loại chắc chắn", "Class settled", ""),
    "code": ("Mã", "Code", ""), "name": ("Nội dung", "Item", ""),
    "max_points": ("Điểm tối đa", "Maximum", "0.00"), "points": ("Điểm đạt", "Points", "0.00"),
    "lost": ("Điểm bị mất", "Points lost", "0.00"),
    "share_of_lost": ("Tỷ trọng trong điểm bị mất (%)", "Share of lost points (%)", "0.0"),
    "units_losing": ("Số đơn vị mất điểm", "Units losing", "0"),
    "units": ("Số đơn vị", "Units", "0"),
    "lost_total": ("Tổng điểm bị mất", "Points lost", "0.00"),
    "lost_mean": ("Bình quân mỗi đơn vị mất", "Mean lost per unit", "0.00"),
    "share_lost": ("Tỷ lệ điểm bị mất (%)", "Share lost (%)", "0.0"),
    "self_total": ("Điểm tự chấm", "Self-assessed", "0.00"),
    "official_total": ("Điểm thẩm định", "Appraised", "0.00"),
    "not_confirmed": ("Điểm tự chấm không được công nhận", "Claimed, not confirmed", "0.00"),
    "nodes_cut": ("Số tiêu chí bị hạ điểm", "Criteria cut", "0"),
    "nodes_raised": ("Số tiêu chí được nâng điểm", "Criteria raised", "0"),
    "not_confirmed_pct": ("Tỷ lệ không được công nhận (%)", "Not confirmed (%)", "0.0"),
    "units_changed": ("Số đơn vị bị điều chỉnh", "Units changed", "0"),
    "units_cut": ("Bị hạ điểm", "Cut", "0"), "units_raised": ("Được nâng điểm", "Raised", "0"),
    "points_not_confirmed": ("Điểm không được công nhận", "Points not confirmed", "0.00"),
    "changed_pct": ("Tỷ lệ bị điều chỉnh (%)", "Changed (%)", "0.0"),
    "self_points": ("Điểm tự chấm", "Self-assessed", "0.00"),
    "file": ("Tệp", "File", ""), "sheet": ("Trang tính", "Sheet", ""), "cell": ("Ô", "Cell", ""),
    "field": ("Lĩnh vực", "Field", ""), "field_name": ("Tên lĩnh vực", "Field name", ""),
    "share": ("Tỷ lệ đạt năm nay (%)", "Share this year (%)", "0.00"),
    "prev_share": ("Tỷ lệ đạt năm trước (%)", "Share last year (%)", "0.00"),
    "change": ("Tăng, giảm (điểm %)", "Change (points)", "+0.00;-0.00;0.00"),
}
ANALYSIS_TITLES: dict[str, tuple[str, str]] = {
    "yoy": ("SO SÁNH KẾT QUẢ VỚI NĂM TRƯỚC", "COMPARISON WITH LAST YEAR"),
    "yoy_fields": ("Theo lĩnh vực (bình quân các đơn vị)", "By field (mean over units)"),
    "robust": ("ĐỘ VỮNG CỦA THỨ HẠNG VÀ XẾP LOẠI", "ROBUSTNESS OF RANKS AND CLASSES"),
    "robust_settings": (
        "{runs} lần mô phỏng, hạt giống {seed}: mỗi tiêu chí thẩm định lệch một bước chấm "
        "({step}) với xác suất {p}%; điểm điều tra xã hội học lệch theo sai số {e}% điểm tối "
        "đa; xếp loại chắc chắn khi giữ được trong ít nhất {settled}% số lần.",
        "{runs} runs, seed {seed}: each appraised criterion moves by one scoring step ({step}) "
        "with probability {p}%; survey points by a sampling error of {e}% of their maximum; a "
        "class is settled when kept in at least {settled}% of the runs."),
    "lost_across": ("NỘI DUNG BỊ MẤT ĐIỂM Ở NHIỀU ĐƠN VỊ", "WHERE MOST UNITS LOST POINTS"),
    "lost_units": ("HẠN CHẾ, TỒN TẠI CỦA TỪNG ĐƠN VỊ (nội dung mất nhiều điểm nhất)",
                   "EACH UNIT'S SHORTCOMINGS (items that lost the most points)"),
    "overclaim": ("ĐIỂM TỰ CHẤM KHÔNG ĐƯỢC CÔNG NHẬN, THEO ĐƠN VỊ",
                  "CLAIMED POINTS NOT CONFIRMED, BY UNIT"),
    "disagreement": ("TIÊU CHÍ HỘI ĐỒNG THẨM ĐỊNH ĐIỀU CHỈNH NHIỀU NHẤT",
                     "CRITERIA THE APPRAISAL CHANGED MOST OFTEN"),
    "evidence": ("TIÊU CHÍ TỰ CHẤM ĐIỂM NHƯNG KHÔNG CÓ TÀI LIỆU KIỂM CHỨNG, GIẢI TRÌNH",
                 "CRITERIA CLAIMED WITHOUT EVIDENCE OR EXPLANATION"),
    "summary": ("NHẬN XÉT CHUNG", "SUMMARY"),
    "yes": ("có", "yes"), "no": ("không", "no"),
}
