"""Headings and labels of the results workbook and the charts, Vietnamese and English.

Kept apart from the writers so a province can read every printed phrase in one place.

>>> report_text("total", "vi"), report_text("total", "en")
('Tổng điểm', 'Total points')
>>> annex_title("Xã, phường", "2024")
'KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024 CỦA UBND CÁC XÃ, PHƯỜNG'
"""

from __future__ import annotations

from cchc_index.text import canonical

# key -> (Vietnamese, English)
UI_REPORT: dict[str, tuple[str, str]] = {
    # sheet names (at most 31 characters, no []:*?/\)
    "sheet_annex": ("Tổng hợp", "Summary"),
    "sheet_detail": ("Chi tiết", "Details"),
    "sheet_profiles": ("Hồ sơ đơn vị", "Unit profiles"),
    "sheet_checks": ("Kiểm tra", "Checks"),
    "sheet_info": ("Thông tin", "About"),
    "sheet_check_report": ("Báo cáo kiểm tra", "Checks"),
    # the annex table
    "title": ("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", "ADMINISTRATIVE REFORM INDEX RESULTS"),
    "title_year": ("NĂM {year}", "{year}"),
    "title_of": ("CỦA {subject}", "— {subject}"),
    "title_local": ("UBND CÁC {level}", "{level}"),
    "title_other": ("CÁC {level}", "{level}"),
    "subtitle": ("(Theo {methodology})", "(By {methodology})"),
    # the official header above the annex (when the methodology names the issuer)
    "nation": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "annex": ("Phụ lục", "Annex"),
    "attached": ("(Kèm theo Quyết định số {number}{date}{issuer})",
                 "(Attached to Decision No. {number}{date}{issuer})"),
    "attached_date": (" ngày {date}", " dated {date}"),
    "attached_issuer": (" của {issuer}", " of {issuer}"),
    "no": ("STT", "No."),
    "unit": ("Đơn vị", "Unit"),
    "group": ("Nhóm", "Group"),
    "field_points": ("Điểm đạt được theo lĩnh vực", "Points by field"),
    "field": ("Lĩnh vực {code}", "Field {code}"),
    "field_max": ("({points} điểm)", "({points} pts)"),
    "field_caps": ("(+{bonus}; −{penalty})", "(+{bonus}; −{penalty})"),
    "total": ("Tổng điểm", "Total points"),
    "index": ("Chỉ số (%)", "Index (%)"),
    "rank": ("Xếp hạng", "Rank"),
    "class": ("Xếp loại", "Class"),
    "note": ("Ghi chú", "Note"),
    "not_appraised": ("Chưa thẩm định", "Not appraised"),
    "survey_missing_zero": ("Thiếu điểm điều tra XHH (tính 0 điểm)",
                            "No survey points (counted as 0)"),
    "survey_missing_excluded": ("Thiếu điểm điều tra XHH (loại khỏi điểm tối đa)",
                                "No survey points (left out of the maximum)"),
    "last_in_group": ("Xếp cuối nhóm", "Last in group"),
    "last": ("Xếp cuối", "Last"),
    "legend": ("Lĩnh vực {code}: {name} ({points} điểm).", "Field {code}: {name} ({points} pts)."),
    "legend_caps": ("Lĩnh vực {code}: {name} (cộng tối đa {bonus}, trừ tối đa {penalty} điểm).",
                    "Field {code}: {name} (up to +{bonus} and −{penalty} points)."),
    "n_units": ("{n} đơn vị", "{n} units"),
    "all_units": ("Tất cả đơn vị", "All units"),
    "no_group": ("Chưa phân nhóm", "No group"),
    "overall": ("Chung", "Overall"),
    # the summary under the annex
    "summary_title": ("TỔNG HỢP KẾT QUẢ XẾP LOẠI", "SUMMARY BY CLASS"),
    "count": ("Số lượng", "Count"),
    "share": ("Tỷ lệ (%)", "Share (%)"),
    "sum": ("Cộng", "Total"),
    "units": ("Số đơn vị", "Units"),
    "mean": ("Chỉ số bình quân (%)", "Mean index (%)"),
    "highest": ("Chỉ số cao nhất (%)", "Highest index (%)"),
    "highest_unit": ("Đơn vị cao nhất", "Highest unit"),
    "lowest": ("Chỉ số thấp nhất (%)", "Lowest index (%)"),
    "lowest_unit": ("Đơn vị thấp nhất", "Lowest unit"),
    # details
    "detail_title": ("ĐIỂM CHI TIẾT THEO TIÊU CHÍ CỦA TỪNG ĐƠN VỊ",
                     "POINTS OF EVERY CRITERION OF EVERY UNIT"),
    "code": ("Mã", "Code"),
    "criterion": ("Tiêu chí", "Criterion"),
    "max": ("Điểm tối đa", "Maximum"),
    "self": ("Điểm tự chấm", "Self-assessed"),
    "appraisal_1": ("Thẩm định lần 1", "Appraisal 1"),
    "appraisal_2": ("Thẩm định lần 2", "Appraisal 2"),
    "given": ("Điểm bảng tổng hợp", "Table points"),
    "official": ("Điểm chính thức", "Official points"),
    "lost": ("Điểm bị mất", "Points lost"),
    "source": ("Nguồn điểm", "Source"),
    "file": ("Tệp", "File"),
    "sheet": ("Trang tính", "Sheet"),
    "cell": ("Ô", "Cell"),
    "source_appraisal_2": ("Thẩm định lần 2", "Appraisal 2"),
    "source_appraisal_1": ("Thẩm định lần 1", "Appraisal 1"),
    "source_given": ("Bảng tổng hợp", "Consolidated table"),
    "source_draft_rule": ("Dự thảo theo quy định (chưa thẩm định)",
                          "Draft from the rules (not appraised)"),
    "source_self": ("Tự chấm (chưa thẩm định)", "Self-assessed (not appraised)"),
    "source_not_arisen": ("Không phát sinh: tính điểm tối đa", "Not arisen: full points"),
    "source_not_arisen_excluded": ("Không phát sinh: loại trừ", "Not arisen: left out"),
    "source_missing": ("Thiếu điểm: tính 0", "Missing: counted as 0"),
    "source_missing_excluded": ("Thiếu điểm: loại trừ", "Missing: left out"),
    # profiles
    "profiles_title": ("HỒ SƠ KẾT QUẢ TỪNG ĐƠN VỊ", "PROFILE OF EVERY UNIT"),
    "profile_head": ("{no}. {unit}: chỉ số {index}%, xếp hạng {rank}/{size}, {klass}",
                     "{no}. {unit}: index {index}%, rank {rank} of {size}, {klass}"),
    "profile_group": ("Nhóm {group}; đơn vị dẫn đầu nhóm: {best}",
                      "Group {group}; group leader: {best}"),
    "profile_best": ("Đơn vị dẫn đầu nhóm: {best}", "Group leader: {best}"),
    "emulation": ("Thi đua: {text}", "Emulation: {text}"),
    "field_name": ("Lĩnh vực", "Field"),
    "field_title": ("Tên lĩnh vực", "Field name"),
    "points": ("Điểm", "Points"),
    "share_of_max": ("Tỷ lệ đạt (%)", "Share of max (%)"),
    "group_mean": ("Bình quân nhóm (%)", "Group mean (%)"),
    "gap": ("Chênh lệch (điểm %)", "Difference (pp)"),
    "best_unit": ("Đơn vị dẫn đầu (%)", "Group leader (%)"),
    "whole_index": ("Toàn bộ chỉ số", "Whole index"),
    # checks and information
    "checks_title": ("KẾT QUẢ KIỂM TRA DỮ LIỆU ĐẦU VÀO", "INPUT CHECKS"),
    "no_problems": ("Không phát hiện lỗi nào.", "No problems found."),
    "severity": ("Mức độ", "Severity"),
    "found": ("Giá trị", "Found"),
    "expected": ("Yêu cầu", "Expected"),
    "message": ("Nội dung", "Message"),
    "error": ("Lỗi", "Error"),
    "warning": ("Cảnh báo", "Warning"),
    "info_title": ("THÔNG TIN VỀ LẦN CHẤM ĐIỂM", "ABOUT THIS RUN"),
    "methodology": ("Bộ chỉ số", "Methodology"),
    "decision": ("Số quyết định", "Decision"),
    "years": ("Năm áp dụng", "Years"),
    "level": ("Cấp đơn vị", "Level"),
    "methodology_source": ("Nguồn bộ chỉ số", "Methodology source"),
    "rounding": ("Làm tròn chỉ số", "Rounding"),
    "rounding_half_up": ("Làm tròn {decimals} chữ số thập phân",
                         "Rounded half up to {decimals} decimals"),
    "rounding_truncate": ("Cắt bỏ sau {decimals} chữ số thập phân",
                          "Truncated to {decimals} decimals"),
    "ranking": ("Xếp hạng", "Ranking"),
    "ranking_groups": ("Riêng trong từng nhóm", "Within each group"),
    "ranking_all": ("Chung tất cả đơn vị", "All units together"),
    "version": ("Phiên bản cchc_index", "cchc_index version"),
    "run_at": ("Thời điểm chạy", "Run at"),
    "bands_title": ("Các mức xếp loại", "Classification bands"),
    "from_pct": ("Từ (%)", "From (%)"),
    "emulation_head": ("Thi đua, khen thưởng", "Emulation"),
    "files_title": ("Tệp đầu vào", "Input files"),
    "status": ("Trạng thái", "Status"),
    "status_read": ("Đã đọc", "Read"),
    "status_rejected": ("Bị từ chối", "Rejected"),
    "sha256": ("SHA-256", "SHA-256"),
    # charts
    "chart_ranking": ("Chỉ số CCHC {year}: xếp hạng", "PAR index {year}: ranking"),
    "chart_ranking_group": ("Chỉ số CCHC {year}: xếp hạng, nhóm {group}",
                            "PAR index {year}: ranking, group {group}"),
    "chart_classes": ("Số đơn vị theo xếp loại", "Units by class"),
    "chart_heatmap": ("Điểm đạt theo lĩnh vực (% điểm tối đa)",
                      "Points by field (% of the maximum)"),
    "chart_profile": ("{unit}: tỷ lệ điểm đạt theo lĩnh vực", "{unit}: share of maximum by field"),
    "chart_self": ("Chỉ số tự đánh giá và sau thẩm định", "Self-assessed and appraised index"),
    "chart_change": ("Chỉ số CCHC: {previous} và {current}", "PAR index: {previous} and {current}"),
    "axis_index": ("Chỉ số CCHC (%)", "PAR index (%)"),
    "axis_units": ("Số đơn vị", "Units"),
    "axis_share": ("Tỷ lệ đạt so với điểm tối đa (%)", "Share of maximum (%)"),
    "axis_field": ("Lĩnh vực", "Field"),
    "field_tick": ("LV{code}", "F{code}"),
    "legend_unit": ("{unit}", "{unit}"),
    "legend_mean": ("Bình quân nhóm", "Group mean"),
    "legend_best": ("Dẫn đầu nhóm ({unit})", "Group leader ({unit})"),
    "legend_self": ("Tự đánh giá", "Self-assessed"),
    "legend_appraised": ("Sau thẩm định", "Appraised"),
    "legend_up": ("Tăng", "Up"),
    "legend_down": ("Giảm", "Down"),
    "previous_year": ("năm trước", "previous year"),
    "current_year": ("năm nay", "this year"),
    "merged_unit": ("{unit} (hợp nhất)", "{unit} (merged)"),
    "missing_previous": ("{n} đơn vị không có số liệu năm trước.",
                         "{n} units have no previous figure."),
    "not_applicable": ("không áp dụng", "not applicable"),
}


def report_text(key: str, lang: str = "vi", **values: object) -> str:
    """One heading or label in ``lang`` ("vi" or "en"), with its fields filled."""
    vi, en = UI_REPORT[key]
    return (en if lang == "en" else vi).format(**values)


# Levels whose units are local governments: their annex names the People's Committees.
_LOCAL_LEVELS = ("xa", "phuong", "thi tran", "huyen", "quan", "thi xa", "thanh pho thuoc")


def annex_title(level: str, year: str, lang: str = "vi") -> str:
    """The annex title, e.g. "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024 CỦA UBND CÁC XÃ,
    PHƯỜNG", from the methodology's level and the year of the results."""
    parts = [report_text("title", lang)]
    if year:
        parts.append(report_text("title_year", lang, year=year))
    level = " ".join(level.split())
    if level:
        local = canonical(level).startswith(_LOCAL_LEVELS)
        subject = report_text("title_local" if local else "title_other", lang,
                              level=level.upper())
        parts.append(report_text("title_of", lang, subject=subject))
    return " ".join(parts)
