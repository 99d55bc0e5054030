"""The blank self-assessment form's words, the ``form`` area (Vietnamese, English).

The form (:mod:`cchc_index._internal.io.template`) is written in Vietnamese only: it is a Vietnamese
administrative document, and the form reader recognises its sheet and header words. The
English beside each entry says what it means, for a reader of this table.
"""

from __future__ import annotations

# key -> (Vietnamese, English)
FORM: dict[str, tuple[str, str]] = {
    # ---- sheets ----
    "sheet_form": ("Tự đánh giá", "Self-assessment"),
    "sheet_guide": ("Hướng dẫn", "Guide"),
    # ---- the header's columns, by role ----
    "code": ("STT", "No."),
    "name": ("Lĩnh vực, tiêu chí, tiêu chí thành phần", "Field, criterion, sub-criterion"),
    "max_points": ("Điểm tối đa", "Maximum points"),
    "raw_figure": ("Số liệu thực hiện, tỷ lệ đạt được", "Figure achieved, rate reached"),
    "self_points": ("Tự đánh giá", "Self-assessment"),
    "appraisal_1": ("Thẩm định lần 1", "First appraisal"),
    "appraisal_2": ("Thẩm định lần 2", "Second appraisal"),
    "evidence": ("Tài liệu kiểm chứng (số, ký hiệu, ngày văn bản; đường dẫn)",
                 "Evidence (number, reference, date of the document; link)"),
    "explanation": ("Giải trình, ghi chú", "Explanation, notes"),
    "points": ("Điểm", "Points"),
    "total": ("TỔNG ĐIỂM", "TOTAL POINTS"),
    # ---- the title block ----
    "committee": ("UBND {unit}", "PEOPLE'S COMMITTEE OF {unit}"),
    "nation": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "title": ("BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}",
              "SELF-ASSESSMENT AND SCORING OF THE ADMINISTRATIVE REFORM INDEX, {year}"),
    "according_to": ("(Theo {methodology})", "(Under {methodology})"),
    "unit": ("Đơn vị:", "Unit:"),
    # ---- the points cells' data validation ----
    "enter_points": ("Nhập số điểm từ 0 đến {max}", "Enter points from 0 to {max}"),
    "or_kps": (", hoặc {kps} nếu nội dung không phát sinh trong năm",
               ", or {kps} if the matter did not arise in the year"),
    "penalty_positive": (" (điểm trừ ghi số dương)", " (write a deduction as a positive number)"),
    "invalid_points": ("Điểm không hợp lệ", "Invalid points"),
    "no_self_score": ("Không tự chấm", "No self-score"),
    "survey_no_self_score": ("Tiêu chí điều tra xã hội học: đơn vị không tự chấm.",
                             "A survey criterion: the unit does not score itself."),
    # ---- the signature block ----
    "place_date": ("……………, ngày …… tháng …… năm ……", "……………, date …… month …… year ……"),
    "prepared_by": ("NGƯỜI LẬP BIỂU", "PREPARED BY"),
    "for_committee": ("TM. ỦY BAN NHÂN DÂN", "ON BEHALF OF THE PEOPLE'S COMMITTEE"),
    "chair": ("CHỦ TỊCH", "CHAIR"),
    "sign": ("(Ký, ghi rõ họ tên, đóng dấu)", "(Signature, full name, seal)"),
    # ---- the guide sheet ----
    "guide_title": ("HƯỚNG DẪN ĐIỀN BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM",
                    "HOW TO FILL IN THE SELF-ASSESSMENT FORM"),
    "guide_methodology": ("Bộ chỉ số: {methodology}", "Methodology: {methodology}"),
    "guide_1": ("1. Ghi tên đơn vị vào ô «Đơn vị:» và dòng «UBND …» ở đầu trang.",
                "1. Write the unit's name in the «Đơn vị:» cell and the «UBND …» line at the "
                "top."),
    "guide_2": ("2. Chỉ nhập điểm ở các dòng tiêu chí thành phần (dòng không in đậm); dòng "
                "tiêu chí và lĩnh vực tự cộng.",
                "2. Enter points on the sub-criterion rows only (rows not in bold); criterion "
                "and field rows add up by themselves."),
    "guide_3": ("3. Điểm là số từ 0 đến điểm tối đa, có thể có phần thập phân (0,5; 1,25).",
                "3. Points are a number from 0 to the maximum, decimals allowed (0.5; 1.25)."),
    "guide_4": ("4. Nội dung không phát sinh trong năm: ghi {kps} (chỉ ở tiêu chí được phép).",
                "4. A matter that did not arise in the year: write {kps} (only where allowed)."),
    "guide_5": ("5. Tiêu chí điều tra xã hội học (ô tô xám): đơn vị không tự chấm.",
                "5. Survey criteria (grey cells): the unit does not score itself."),
    "guide_6": ("6. Ghi rõ tài liệu kiểm chứng (số, ký hiệu, ngày văn bản hoặc đường dẫn); "
                "tiêu chí không có tài liệu kiểm chứng phải giải trình.",
                "6. Name the evidence (number, reference, date of the document, or a link); a "
                "criterion without evidence must be explained."),
    "guide_7": ("7. Cột thẩm định do Hội đồng thẩm định ghi; đơn vị để trống.",
                "7. The appraisal columns are for the appraisal council; the unit leaves them "
                "blank."),
    "guide_8": ("8. Không thêm, xoá hay đổi mã số các dòng; không đổi tên trang tính.",
                "8. Do not add, delete or renumber rows; do not rename the sheets."),
}
