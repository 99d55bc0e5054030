"""The Word draft's headings and table words, Vietnamese first."""

from __future__ import annotations

DOCX: dict[str, tuple[str, str]] = {
    "title": ("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH{year}", "ADMINISTRATIVE REFORM INDEX{year}"),
    "year": (" NĂM {year}", " {year}"),
    "basis": ("(Theo {methodology})", "(Methodology: {methodology})"),
    "overview": ("1. Kết quả chung", "1. Overview"),
    "classes": ("2. Kết quả xếp loại", "2. Classes"),
    "lost": ("3. Nội dung bị mất điểm ở nhiều đơn vị", "3. Where most units lost points"),
    "charts": ("4. Biểu đồ", "4. Charts"),
    "annex": ("PHỤ LỤC: KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH{year}",
              "ANNEX: ADMINISTRATIVE REFORM INDEX{year}"),
    "stt": ("STT", "No."), "unit": ("Đơn vị", "Unit"), "group": ("Nhóm", "Group"),
    "field": ("LV {code}", "F{code}"), "total": ("Tổng điểm", "Points"),
    "index": ("Chỉ số (%)", "Index (%)"), "rank": ("Xếp hạng", "Rank"),
    "class": ("Xếp loại", "Class"), "count": ("Số lượng", "Units"), "share": ("Tỷ lệ (%)", "%"),
    "prev": ("Năm trước (%)", "Last year (%)"), "change": ("Tăng, giảm", "Change"),
    "interval": ("Hạng 5%–95%", "Rank 5%–95%"),
    "probability": ("Xác suất giữ xếp loại (%)", "Probability of class (%)"),
    "code": ("Mã", "Code"), "name": ("Nội dung", "Item"),
    "units_losing": ("Số đơn vị mất điểm", "Units losing"),
    "lost_total": ("Tổng điểm bị mất", "Points lost"),
    "merged": (" (hợp nhất)", " (merged)"), "new": (" (mới)", " (new)"),
    "note": ("Ghi chú", "Notes"),
}
