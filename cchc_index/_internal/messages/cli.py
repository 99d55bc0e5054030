"""The command line's help, the words of the ``cli`` area (Vietnamese, English).

Help is shown before ``--lang`` is read, so the command line shows both languages at once:
:func:`~cchc_index._internal.messages.lookup.both` joins them, "vi / en".
"""

from __future__ import annotations

# key -> (Vietnamese, English)
CLI: dict[str, tuple[str, str]] = {
    # ---- the program ----
    "about": ("Chấm điểm Chỉ số cải cách hành chính (Chỉ số CCHC) của các xã, phường, sở, "
              "ngành.",
              "Score Vietnam's administrative-reform index (PAR INDEX) for local units."),
    "examples": ("Ví dụ", "examples"),
    "version": ("in phiên bản rồi thoát", "print the version and exit"),
    "command": ("LỆNH", "COMMAND"),
    # ---- score ----
    "score": ("chấm điểm, xếp hạng, xếp loại", "score, rank and classify"),
    "score_about": ("Chấm điểm các đơn vị, xếp hạng và xếp loại theo bộ chỉ số.",
                    "Score units, rank and classify them by the methodology."),
    "group_by": ("xếp hạng riêng theo cột này (vd. Loại đơn vị)",
                 "rank within the groups of this input column"),
    "output": ("ghi sổ kết quả Excel", "write the results workbook"),
    "csv": ("ghi bảng kết quả CSV (UTF-8)", "write the results CSV"),
    "charts": ("vẽ biểu đồ (PNG, SVG) vào thư mục này", "draw the charts into DIR"),
    "top": ("với --charts: thêm biểu đồ N đơn vị đầu và N đơn vị cuối của mỗi bảng xếp hạng "
            "(xep_hang_dau_cuoi)",
            "with --charts: also chart the first and the last N units of each ranking"),
    "draft_appraisal": ("đề xuất điểm thẩm định dự thảo theo quy định chấm điểm nơi chưa có "
                        "điểm thẩm định",
                        "propose the rules' points as a draft appraisal where none is entered"),
    # ---- validate ----
    "validate": ("kiểm tra dữ liệu, không chấm điểm", "check the inputs only"),
    "validate_about": ("Kiểm tra các tệp đầu vào theo bộ chỉ số và liệt kê mọi vấn đề.",
                       "Check the inputs against the methodology and list every problem."),
    "report": ("ghi báo cáo kiểm tra ra Excel", "write the report workbook"),
    "json": ("in báo cáo dạng JSON cho các công cụ khác", "print JSON"),
    # ---- template ----
    "template": ("ghi biểu mẫu tự đánh giá trống", "write the blank self-assessment form"),
    "template_about": ("Ghi biểu mẫu tự đánh giá, chấm điểm theo bộ chỉ số để gửi các đơn vị.",
                       "Write the blank self-assessment form of a methodology for units to "
                       "fill."),
    "methodology_name": ("tên bộ có sẵn hoặc tệp Excel", "bundled name or workbook"),
    "unit": ('tên đơn vị, vd. "Xã Minh Tiến"', "the unit's name"),
    "year": ("năm đánh giá", "assessment year"),
    # ---- methodology ----
    "methodology": ("xem, xuất bộ chỉ số", "show or export a methodology"),
    "methodology_about": ("Xem danh sách, cấu trúc hoặc xuất bộ chỉ số ra Excel để chỉnh sửa.",
                          "List, show, or export a methodology to Excel for editing."),
    "list": ("các bộ chỉ số có sẵn", "bundled methodologies"),
    "show": ("cây tiêu chí và tổng điểm", "the tree with its sums"),
    "export": ("xuất ra Excel để chỉnh sửa", "write as a workbook"),
    # ---- the inputs and the common options ----
    "whole_number": ("cần một số nguyên từ 1 trở lên, không phải {text}",
                     "a whole number from 1 up is needed, not {text}"),
    "inputs": ("tệp .xlsx/.csv hoặc thư mục", "files or folders"),
    "methodology_default": ("tên bộ có sẵn hoặc tệp Excel (mặc định: bộ minh hoạ cấp xã)",
                            "bundled name or workbook (default: illustrative commune index)"),
    "units": ("danh sách đơn vị phải có (cột Đơn vị); đơn vị vắng được liệt kê",
              "list of expected units (a Đơn vị column); absent ones are listed"),
    "jobs": ("số tiến trình đọc tệp, từ 1 trở lên; nhiều hơn số lõi dùng được thì chỉ dùng số "
             "lõi (mặc định: mọi lõi khi có nhiều tệp, 1 khi có ít tệp)",
             "processes reading the files, 1 or more; more than the usable cores means the "
             "cores (default: all cores for a big batch, 1 for a few files)"),
    "quiet": ("không hiện thanh tiến trình", "no progress bar"),
    "lang": ("ngôn ngữ thông báo", "message language (vi, en)"),
    "debug": ("hiện chi tiết lỗi nội bộ", "show tracebacks"),
    # ---- the analysis options of score (cchc_index._internal.analysis.command) ----
    "previous": ("so sánh với kết quả năm trước do công cụ này ghi",
                 "compare with last year's results written by this tool"),
    "crosswalk": ("bảng đơn vị hợp nhất: Đơn vị cũ, Đơn vị mới, Trọng số",
                  "merged units: old unit, new unit, weight"),
    "robustness": ("mô phỏng N lần độ vững của thứ hạng, xếp loại (vd. 1000)",
                   "N Monte Carlo runs of rank and class robustness"),
    "seed": ("hạt giống ngẫu nhiên của mô phỏng (mặc định 1)", "random seed"),
    "summary": ("in và ghi đoạn nhận xét chung", "print and write the summary"),
    "docx": ("ghi bản thảo Word phần kết quả", "write a Word draft"),
}
