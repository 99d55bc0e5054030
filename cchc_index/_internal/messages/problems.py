"""The problems' words, Vietnamese first, keyed by problem code.

A message is a location prefix ("Tệp X, trang tính Y, ô E14 (đơn vị …, tiêu chí 3.2.1): ")
followed by the body of its code. Templates use ``str.format`` fields; a missing field
renders as an empty string, never as an error.
"""

from __future__ import annotations

# code -> (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # ---- methodology ----
    "M001": ("không tìm thấy trang tính {expected}.", "sheet {expected} not found."),
    "M002": ("thiếu cột {expected}.", "column {expected} is missing."),
    "M003": ("không đọc được tệp bộ chỉ số: {found}.",
             "cannot read the methodology file: {found}."),
    "M004": (
        "không có bộ chỉ số có sẵn tên {found}; có sẵn: {expected}.",
        "no bundled methodology named {found}; bundled: {expected}.",
    ),
    "M005": ("không tìm thấy tệp bộ chỉ số {found}.", "methodology file {found} not found."),
    "M006": (
        "bản cài đặt cchc_index thiếu tệp dữ liệu đi kèm ({found}); hãy cài lại gói "
        "(pip install --force-reinstall cchc_index).",
        "the cchc_index installation lacks its bundled data files ({found}); reinstall the "
        "package (pip install --force-reinstall cchc_index).",
    ),
    "M007": ("tệp bộ chỉ số phải là sổ Excel .xlsx hoặc .xlsm, không phải {found}.",
             "a methodology file must be an Excel workbook (.xlsx or .xlsm), not {found}."),
    "M010": (
        "mã tiêu chí {found} không đúng dạng (cần dạng 1, 1.2, 1.2.3).",
        "criterion code {found} is malformed (expected 1, 1.2, 1.2.3).",
    ),
    "M011": ("mã tiêu chí {found} bị trùng (đã có ở dòng {expected}).",
             "criterion code {found} is duplicated (first at row {expected})."),
    "M012": ("tiêu chí {found} không có tiêu chí cha {expected}.",
             "criterion {found} has no parent {expected}."),
    "M013": (
        "điểm tối đa ghi {found} khác tổng điểm tối đa các tiêu chí con {expected}.",
        "stated maximum {found} differs from the sum of its children, {expected}.",
    ),
    "M014": ("tiêu chí {criterion} thiếu điểm tối đa.", "criterion {criterion} has no maximum."),
    "M015": ("điểm tối đa {found} không hợp lệ (cần một số không âm).",
             "maximum {found} is invalid (expected a non-negative number)."),
    "M016": ("thành phần {found} không hợp lệ; dùng một trong: {expected}.",
             "component {found} is unknown; use one of: {expected}."),
    "M017": ("quy tắc không phát sinh {found} không hợp lệ; dùng một trong: {expected}.",
             "not-arisen rule {found} is unknown; use one of: {expected}."),
    "M018": ("bộ chỉ số không có tiêu chí nào.", "the methodology has no criteria."),
    "M019": ("tổng điểm tối đa của bộ chỉ số là {found}, thường là {expected}.",
             "the index sums to {found} points; usually {expected}."),
    "M020": ("chưa có mức xếp loại nào.", "no classification bands are defined."),
    "M021": ("ngưỡng {found}% của mức «{expected}» trùng với ngưỡng của mức «{other}» (dòng "
             "{other_row}); mức dưới phải thấp hơn mức trên.",
             "lower bound {found}% of band «{expected}» is that of band «{other}» (row "
             "{other_row}) too; each band must start lower than the band above it."),
    "M022": ("các mức xếp loại phải bắt đầu từ 0%: mức thấp nhất «{label}» bắt đầu từ "
             "{found}%, nên đơn vị có chỉ số dưới {found}% không được xếp loại.",
             "bands must start at 0%: the lowest, «{label}», starts at {found}%, so a unit "
             "below {found}% would get no class."),
    "M023": ("ngưỡng xếp loại {found} không hợp lệ (cần một số từ 0 đến 100).",
             "band bound {found} is invalid (expected a number from 0 to 100)."),
    "M024": ("mức xếp loại ở dòng này thiếu tên.", "the band on this row has no label."),
    "M025": ("mức «{label}» bắt đầu từ {found}%, cao hơn mức «{above}» ngay trên nó (dòng "
             "{above_row}, từ {above_bound}%); mức dưới phải thấp hơn mức trên (dòng đầu là "
             "mức cao nhất), cần < {expected}%: sửa ngưỡng hoặc đổi thứ tự các dòng.",
             "band «{label}» starts at {found}%, above the band written over it, «{above}» "
             "(row {above_row}, from {above_bound}%); each band must start lower than the "
             "band above it (the first row is the best class), expected < {expected}%: correct "
             "the bound or the order of the rows."),
    "M026": ("các mức xếp loại được ghi từ thấp lên cao ({found}); dòng đầu phải là mức cao "
             "nhất và mức dưới phải thấp hơn mức trên: ghi lại theo thứ tự {expected}.",
             "the bands are written from the lowest up ({found_en}); the first row must be the "
             "best class and each band start lower than the one above: write them as "
             "{expected_en}."),
    "M030": ("giá trị {found} không hợp lệ cho {criterion}; dùng: {expected}.",
             "value {found} is not valid for {criterion}; use: {expected}."),
    # ---- inputs ----
    "I001": ("không đọc được tệp: {found}.", "cannot read the file: {found}."),
    "I002": ("không tìm thấy cột tên đơn vị ({expected}).", "no unit column found ({expected})."),
    "I003": (
        "không tìm thấy cột điểm nào khớp với bộ chỉ số {expected}.",
        "no score column matches the index {expected}.",
    ),
    "I004": ("bỏ qua cột {found}: không khớp với tiêu chí nào.",
             "column {found} ignored: it matches no criterion."),
    "I005": ("bảng không có dòng dữ liệu nào.", "the table has no data rows."),
    "I006": ("không có tệp đầu vào nào (.xlsx, .csv) trong {found}.",
             "no input files (.xlsx, .csv) found in {found}."),
    "I007": ("không tìm thấy tệp hoặc thư mục {found}.", "file or folder {found} not found."),
    "I008": ("tệp CSV có {found} ký tự hỏng (không đúng mã UTF-8), hiện thành «�»; tệp vẫn được "
             "đọc, hãy kiểm tra tên đơn vị và ghi chú có ký tự này.",
             "the CSV file holds {found} damaged characters (not valid UTF-8), shown as «�»; "
             "it is still read: check the unit names and notes holding them."),
    "I009": ("các cột {found} là điểm đơn vị tự đánh giá; điểm được chấm theo các cột điểm "
             "thẩm định bên cạnh.",
             "columns {found} hold the units' own points; the appraisal columns beside them are "
             "scored."),
    "I010": ("giá trị {found} không phải là số.", "value {found} is not a number."),
    "I011": ("điểm {found} âm; điểm phải từ 0 đến {expected}.",
             "points {found} are negative; expected 0 to {expected}."),
    "I012": ("điểm {found} lớn hơn điểm tối đa {expected}.",
             "points {found} exceed the maximum {expected}."),
    "I013": ("thiếu điểm của tiêu chí {criterion}.",
             "points for criterion {criterion} are missing."),
    "I014": ("đơn vị {found} xuất hiện nhiều lần (cả ở {expected}).",
             "unit {found} appears more than once (also in {expected})."),
    "I015": ("dòng có điểm nhưng thiếu tên đơn vị.", "a row has points but no unit name."),
    "I016": (
        "tổng điểm ghi {found} khác tổng các tiêu chí con {expected}; dùng tổng các tiêu chí con.",
        "stated total {found} differs from the sum of its parts {expected}; the parts are used.",
    ),
    "I017": ("tiêu chí điều tra xã hội học không tự chấm điểm, nhưng có điểm tự chấm {found}.",
             "survey criteria are not self-scored, yet a self-score {found} was entered."),
    "I018": ("tiêu chí chưa có điểm thẩm định; tạm dùng điểm tự chấm {found}.",
             "criterion not appraised; its self-score {found} is used."),
    "I019": ("đơn vị chưa được thẩm định; kết quả tính theo điểm tự chấm.",
             "unit not appraised; scored on its self-assessment."),
    "I020": ("mã {found} không có trong bộ chỉ số.", "code {found} is not in the index."),
    "I021": ("chưa có điểm điều tra xã hội học; tính 0 điểm.",
             "no survey points entered; counted as 0."),
    "I031": ("chưa có điểm điều tra xã hội học; theo bộ chỉ số, không tính vào điểm và được "
             "loại khỏi điểm tối đa.",
             "no survey points entered; as the methodology says, left out of the points and "
             "the maximum."),
    "I032": ("đơn vị {found} có trong nhiều tệp; tệp mới nhất là {expected} (sửa lúc {time}). "
             "Nếu đó là bản gửi lại, hãy bỏ các tệp cũ khỏi thư mục dữ liệu rồi chấm lại.",
             "unit {found} is in several files; the newest is {expected} (modified {time}). If "
             "it is a corrected copy, take the older files out of the input folder and score "
             "again."),
    "I022": ("không có cột nhóm {found}; xếp hạng chung tất cả đơn vị.",
             "group column {found} not found; all units ranked together."),
    "I023": ("{what} {found} công bố khác kết quả tính lại {expected}.",
             "published {what} {found} differs from the recomputed {expected}."),
    "I024": ("tiêu chí {criterion} được đánh dấu không phát sinh nhưng không được phép.",
             "criterion {criterion} is marked not arisen, which it may not be."),
    "I025": ("chữ gõ bằng phông cũ {encoding} đã được chuyển sang Unicode ở {count} ô, "
             "vd. {found} thành {expected}; hãy kiểm tra tên đơn vị và tiêu chí.",
             "text typed in the old {encoding} fonts was converted to Unicode in {count} "
             "cells, e.g. {found} to {expected}; check the unit and criterion names."),
    "I026": ("trang tính {found} là phần tiếp theo của bảng điểm trang {expected} (các tiêu chí "
             "khác nhau): đọc chung là một đơn vị.",
             "sheet {found} continues the score table of sheet {expected} (other criteria): "
             "read together as one unit."),
    "I029": ("bảng có cột đơn vị nhưng không cột nào mang mã hay tên lĩnh vực, tiêu chí của "
             "bộ chỉ số {expected} (tiêu đề: {found}); hãy đặt tiêu đề cột theo lĩnh vực "
             "(vd. «Lĩnh vực 1» hoặc «1. Công tác chỉ đạo, điều hành») hoặc chọn đúng bộ chỉ "
             "số (-m).",
             "a table with a unit column, but no column names a field or criterion of the "
             "index {expected} (headers: {found}); head the columns by field (e.g. «Lĩnh vực "
             "1») or choose the right index (-m)."),
    "I030": ("bảng có cột mã, nội dung tiêu chí nhưng không có cột điểm tự đánh giá hay thẩm "
             "định (tiêu đề: {found}); hãy đặt tiêu đề cột điểm, vd. «Điểm tự đánh giá».",
             "a table with code or criterion columns but no self-assessment or appraisal "
             "points column (headers: {found}); head the points column, e.g. «Điểm tự đánh "
             "giá»."),
    "I028": ("tên đơn vị lấy từ tên tệp {found} được hiểu là {expected} của danh sách đơn vị.",
             "the unit named {found} after its file is taken for {expected} of the unit list."),
    "I027": ("trang tính này không ghi đơn vị nào và chỉ lặp lại các tiêu chí của trang "
             "{expected} (trang số liệu, trang phụ): không tính là một đơn vị.",
             "this sheet names no unit and only repeats the criteria of sheet {expected} (a "
             "sheet of figures, a helper sheet): it is not a unit."),
    # ---- report and charts (R001–R099) ----
    "R001": ("không vẽ biểu đồ tự đánh giá và thẩm định: không có đơn vị nào vừa có điểm tự "
             "chấm vừa được thẩm định (bảng tổng hợp chỉ có điểm chính thức).",
             "self-assessed vs appraised chart skipped: no unit has both self-scores and an "
             "appraisal (a consolidated table holds official points only)."),
    "R002": ("bảng chỉ số năm trước thiếu cột {expected} (có: {found}).",
             "the previous year's table lacks the columns {expected} (it has: {found})."),
    "R003": ("không có đơn vị {found} trong kết quả.", "unit {found} is not in the results."),
    "R004": ("không đơn vị nào trong bảng năm trước ({found} dòng) trùng tên với kết quả năm "
             "nay; không vẽ biểu đồ so sánh.",
             "no unit of the previous year's table ({found} rows) matches this year's names; "
             "comparison chart skipped."),
    "R005": ("biểu đồ có ký tự phông chữ không vẽ được ({found}); hãy sửa tên đơn vị.",
             "the chart holds characters the font cannot draw ({found}); fix the unit names."),
    "R006": ("biểu đồ cần {found} dòng, quá {expected} dòng một trang có thể chứa; không vẽ. "
             "Hãy vẽ từng trang (page=1, 2, …), chỉ N đơn vị đầu và cuối (top=N) hoặc "
             "vẽ lên Axes của mình (ax=…).",
             "the chart would need {found} rows, over the {expected} a page can carry; not "
             "drawn. Draw it page by page (page=1, 2, …), the first and last N units (top=N) "
             "or on your own Axes (ax=…)."),
    "U001": ("tệp kết quả {found} trùng với một tệp đầu vào; hãy chọn tên khác.",
             "output {found} is one of the inputs; choose another name."),
    "U002": ("tệp kết quả {found} được chỉ định hai lần ({expected}); mỗi kết quả cần một tên "
             "riêng.",
             "output {found} is given twice ({expected}); each output needs a name of its own."),
    "U003": ("thư mục biểu đồ {found} đã là một tệp; hãy chọn một thư mục.",
             "chart folder {found} is an existing file; choose a folder."),
    "U004": ("không ghi được {found}: đó là một thư mục; hãy ghi rõ tên tệp.",
             "cannot write {found}: it is a folder; give a file name."),
    "U005": ("không ghi được {found}: không có quyền ghi, hoặc tệp đang mở trong Excel; hãy "
             "đóng tệp hoặc chọn nơi khác rồi chạy lại.",
             "cannot write {found}: permission denied, or the file is open in Excel; close it "
             "or choose another place and run again."),
    "U006": ("không ghi được {found}: không tạo được thư mục chứa (một tệp trùng tên thư mục "
             "trên đường dẫn).",
             "cannot write {found}: its folder cannot be made (a file stands in the path)."),
    "U008": ("tệp kết quả {found} của {option} phải có đuôi {expected} (vd. «ket_qua{expected}»).",
             "output {found} of {option} must end in {expected} (e.g. «results{expected}»)."),
    "U007": ("không ghi được {found} ({expected}).", "cannot write {found} ({expected})."),
    "U009": ("{found} chọn số đơn vị của biểu đồ đầu và cuối bảng xếp hạng; hãy thêm --charts "
             "THU_MUC để vẽ biểu đồ.",
             "{found} sets the units of the first-and-last ranking chart; add --charts DIR to "
             "draw the charts."),
    "I099": ("lỗi nội bộ khi xử lý tệp ({found}); các tệp khác vẫn được chấm. "
             "Hãy gửi tệp này cho nhóm phát triển.",
             "internal error while processing this file ({found}); the other files were scored. "
             "Please send this file to the developers."),
    # ---- scoring rules from raw figures (R100–R199) ----
    "R101": ("quy tắc chấm {found} không hợp lệ; dùng một trong: {expected}.",
             "scoring rule {found} is unknown; use one of: {expected}."),
    "R102": ("không đọc được phần {found} của tham số quy tắc; viết dạng «{expected}».",
             "cannot read the part {found} of the rule's parameters; write it as «{expected}»."),
    "R103": ("các bậc của quy tắc không theo thứ tự ({found}); cần {expected}.",
             "the rule's steps are out of order ({found}); expected {expected}."),
    "R104": ("điểm trong {found} nằm ngoài khoảng từ 0 đến điểm tối đa {expected} của tiêu chí.",
             "the points in {found} are outside 0 to the criterion's maximum {expected}."),
    "R105": ("quy tắc chưa ghi đơn vị của số liệu ({found}); ghi rõ, vd. {expected}.",
             "the rule does not state the figure's unit ({found}); state it, e.g. {expected}."),
    "R106": ("đơn vị của số liệu trong {found} khác với {expected} ở bậc trước.",
             "the figure's unit in {found} differs from {expected} in the step before."),
    "R107": ("tiêu chí có tiêu chí con nên không gắn quy tắc chấm {found}; gắn cho tiêu chí con.",
             "a criterion with sub-criteria cannot carry the scoring rule {found}; put it on the "
             "sub-criteria."),
    "R108": ("tiêu chí thuộc thành phần này không dùng quy tắc {found}; dùng được: {expected}.",
             "a criterion of this component cannot use the rule {found}; allowed: {expected}."),
    "R109": ("số liệu tốt hơn lại được ít điểm hơn: {found} so với {expected}.",
             "a better figure would earn fewer points: {found} against {expected}."),
    "R110": ("tham số {found} thiếu phần bắt buộc; cần: {expected}.",
             "the parameters {found} lack a required part; expected: {expected}."),
    "R111": ("khoảng {found} không liền với bậc trên; cần {expected}.",
             "the range {found} does not meet the step above; expected {expected}."),
    "R112": ("giá trị trong {found} phải lớn hơn 0.", "the value in {found} must be above 0."),
    "R113": ("có tham số {found} nhưng chưa ghi quy tắc chấm; dùng một trong: {expected}.",
             "parameters {found} are given without a scoring rule; use one of: {expected}."),
    "R114": ("phần {found} bị ghi hai lần.", "the part {found} is given twice."),
    "R115": ("quy tắc chấm cho nhiều nhất {found} điểm, thấp hơn điểm tối đa {expected} của "
             "tiêu chí: không đơn vị nào đạt được điểm tối đa; kiểm tra lại điểm trong quy tắc "
             "hoặc điểm tối đa.",
             "the scoring rule awards at most {found} points, below the criterion's maximum "
             "{expected}: no unit can reach the maximum; check the rule's points or the "
             "maximum."),
    "R150": ("tự chấm {self} điểm nhưng {figure} chỉ đạt {points} điểm theo quy định "
             "({rule}).",
             "self-score {self} but {figure} earns only {points} under the rule "
             "({rule_en})."),
    "R151": ("tự chấm {self} điểm, thấp hơn {points} điểm mà {figure} đạt theo quy định "
             "({rule}).",
             "self-score {self} is below the {points} that {figure} earns under the "
             "rule ({rule_en})."),
    "R152": ("điểm thẩm định {appraisal} khác {points} điểm theo quy định cho {figure} "
             "({rule}).",
             "appraised points {appraisal} differ from the {points} the rule gives for "
             "{figure} ({rule_en})."),
    "R153": ("tự trừ {self} điểm nhưng {figure} phải bị trừ {points} điểm theo quy định "
             "({rule}): trừ thiếu {gap} điểm, điểm tự chấm cao hơn quy định.",
             "self-deducted {self} but {figure} must lose {points} under the rule "
             "({rule_en}): {gap} too little deducted, the self-score is above the rule."),
    "R154": ("tự trừ {self} điểm nhưng {figure} chỉ bị trừ {points} điểm theo quy định "
             "({rule}): trừ thừa {gap} điểm, điểm tự chấm thấp hơn quy định.",
             "self-deducted {self} but {figure} loses only {points} under the rule "
             "({rule_en}): {gap} too much deducted, the self-score is below the rule."),
    "R160": ("{figure} không dùng được cho quy định ({rule}): cần {needs}.",
             "{figure} does not fit the rule ({rule_en}): expected {needs}."),
    "R161": ("chưa ghi số liệu nên chưa đối chiếu được điểm tự chấm {self} với quy định "
             "({rule}).",
             "no raw figure, so the self-score {self} cannot be checked against the rule "
             "({rule_en})."),
    "R162": ("biểu mẫu không ghi số liệu cho {found} tiêu chí chấm theo quy định ({expected}); "
             "chưa đối chiếu được điểm tự chấm.",
             "the form gives no raw figure for the {found} rule-scored criteria ({expected}); "
             "the self-scores cannot be checked."),
    "R170": ("{found} tiêu chí có điểm thẩm định dự thảo theo quy định ({expected}), chưa được "
             "Hội đồng thẩm định xác nhận.",
             "{found} criteria carry a draft appraisal proposed by the rules ({expected}), not "
             "yet confirmed by the appraisal council."),
    # ---- self-assessment forms (I100–I199) and the blank form (T001–T099) ----
    "I100": ("bảng điểm trong trang tính này không khớp với tiêu chí nào của bộ chỉ số "
             "{expected} (mã trên biểu mẫu: {found}); có thể là biểu mẫu của bộ chỉ số khác.",
             "the table on this sheet matches no criterion of the index {expected} (codes on "
             "the form: {found}); it may be the form of another index."),
    "I101": ("không tìm thấy tên đơn vị trên biểu mẫu (dòng «UBND XÃ …» hoặc ô «Đơn vị:»); "
             "tạm lấy tên theo tên tệp: {found}. Hãy ghi tên đơn vị vào biểu mẫu.",
             "no unit name on the form (a «UBND XÃ …» heading or an «Đơn vị:» cell); the file "
             "name gives {found}. Please write the unit's name on the form."),
    "I102": ("ô «Đơn vị:» ghi {found} nhưng dòng tiêu đề ở ô {heading_cell} ghi {expected}; "
             "dùng tên ở ô «Đơn vị:».",
             "the «Đơn vị:» cell says {found} but the heading in {heading_cell} says "
             "{expected}; the «Đơn vị:» cell is used."),
    "I103": ("mã số trên biểu mẫu không theo cấp của bộ chỉ số (dạng {found}); các dòng được "
             "ghép với tiêu chí theo thứ tự và tên; dòng nào có tên khác bộ chỉ số được cảnh "
             "báo riêng.",
             "the form's numbering does not follow the index codes ({found}); rows were matched "
             "to criteria by order and name; rows whose names differ from the index are "
             "warned about one by one."),
    "I104": ("dòng {found} được hiểu là tiêu chí {criterion} {expected} (ghép theo thứ tự "
             "và tên, không theo mã).",
             "row {found} is taken as criterion {criterion} {expected} (matched by order and "
             "name, not by code)."),
    "I105": ("tên trên biểu mẫu {found} khác tên tiêu chí {criterion} trong bộ chỉ số "
             "{expected}; kiểm tra lại mã số của dòng này.",
             "the name on the form {found} differs from criterion {criterion} of the index, "
             "{expected}; check this row's code."),
    "I106": ("điểm tối đa ghi trên biểu mẫu là {found}, bộ chỉ số quy định {expected}; "
             "dùng điểm tối đa của bộ chỉ số.",
             "the form states a maximum of {found}, the index says {expected}; the index's "
             "maximum is used."),
    "I107": ("dòng {found} không khớp tiêu chí nào của bộ chỉ số nhưng có điểm; điểm này "
             "không được tính. Sửa mã số hoặc xoá dòng.",
             "row {found} matches no criterion of the index but holds points, which are not "
             "counted. Correct its code or delete the row."),
    "I108": ("dòng {found} không khớp tiêu chí nào của bộ chỉ số; bỏ qua.",
             "row {found} matches no criterion of the index; ignored."),
    "I109": ("tiêu chí {criterion} có hai dòng (dòng {expected} và dòng này, mã {found}); "
             "không biết dùng điểm của dòng nào.",
             "criterion {criterion} has two rows (row {expected} and this one, code {found}); "
             "which points to use is unclear."),
    "I110": ("ô chứa công thức {found} nhưng chưa có giá trị đã tính (tệp được tạo bằng "
             "chương trình, chưa mở bằng Excel); hãy mở tệp bằng Excel hoặc LibreOffice, "
             "lưu lại rồi gửi lại.",
             "the cell holds the formula {found} but no computed value (the file was written "
             "by a program and never opened in Excel); open and save it in Excel or "
             "LibreOffice and send it again."),
    "I111": ("các ô tổng {found} chứa công thức chưa được tính giá trị; tổng được tính lại "
             "từ các tiêu chí con, không coi là 0.",
             "the total cells {found} hold formulas never computed; the totals are computed "
             "from the sub-criteria, not taken as 0."),
    "I112": ("điểm để trống nhưng cột {expected} ghi {found}: hiểu là không phát sinh.",
             "the points are blank but column {expected} says {found}: read as not arisen."),
    "I113": ("mã {found} được lưu dạng số (Excel bỏ số 0 ở cuối); theo thứ tự các dòng, "
             "hiểu là tiêu chí {expected}. Hãy định dạng cột mã là văn bản (Text).",
             "code {found} is stored as a number (Excel drops trailing zeros); from the order "
             "of the rows it is read as criterion {expected}. Format the code column as text."),
    "I114": ("tiêu chí {criterion} được ghi không phát sinh; áp dụng cho các tiêu chí con "
             "để trống: {found}.",
             "criterion {criterion} is marked not arisen; this is applied to its blank "
             "sub-criteria: {found}."),
    "I115": ("tiêu chí yêu cầu tài liệu kiểm chứng; đơn vị tự chấm {found} nhưng không ghi "
             "tài liệu kiểm chứng hay giải trình.",
             "the criterion requires evidence; the unit claims {found} but gives neither "
             "evidence nor an explanation."),
    "I116": ("biểu mẫu thiếu dòng của tiêu chí {found} (dưới tiêu chí {expected}); "
             "không tính được điểm và điểm tối đa của tiêu chí này. Hãy bổ sung dòng.",
             "the form has no row for criterion {found} (under {expected}); its points and "
             "maximum cannot be counted. Add the row."),
    # ---- tables laid out by criterion: units across, criteria down (I040–I049) ----
    "I040": ("cột của đơn vị không có điểm nào; đơn vị này không được chấm. Hãy nhập điểm "
             "hoặc xoá cột.",
             "the unit's column holds no points; the unit is not scored. Enter its points or "
             "delete the column."),
    "I041": ("dòng {found} không khớp tiêu chí nào của bộ chỉ số nhưng có điểm; điểm ở dòng "
             "này không được tính cho đơn vị nào. Sửa mã số hoặc xoá dòng.",
             "row {found} matches no criterion of the index but holds points, which are not "
             "counted for any unit. Correct its code or delete the row."),
    "I042": ("điểm tối đa ghi trong bảng là {found}, bộ chỉ số quy định {expected}; dùng điểm "
             "tối đa của bộ chỉ số.",
             "the table states a maximum of {found}, the index says {expected}; the index's "
             "maximum is used."),
    "I043": ("cột {found} có điểm nhưng tiêu đề không phải tên đơn vị (dạng «Xã …», "
             "«Phường …»); cột này không được chấm.",
             "column {found} holds points but its header names no unit (such as «Xã …», "
             "«Phường …»); it is not scored."),
    "I044": ("các dòng {found} có điểm của tiêu chí nhưng nằm dưới phần ký tên, ghi chú nên "
             "không được đọc; hãy đưa các dòng này vào trong bảng.",
             "rows {found} hold criteria's points below the signature block or the notes and "
             "were not read; move them into the table."),
    "T001": ("năm {found} không hợp lệ (cần năm dạng 2024).",
             "year {found} is not valid (expected a year such as 2024)."),
    "T002": ("biểu mẫu phải ghi ra tệp .xlsx, không phải {found}.",
             "the form must be written to an .xlsx file, not {found}."),
    # ---- analyses: year over year, crosswalk, robustness, reports (A001–A099) ----
    "A001": ("không tìm thấy bảng chuyển đổi đơn vị (cần cột {expected}).",
             "no unit crosswalk table found (columns {expected} are needed)."),
    "A002": ("trọng số {found} không hợp lệ (cần một số dương; để trống là các đơn vị cũ có "
             "trọng số bằng nhau); bỏ qua dòng này.",
             "weight {found} is invalid (a positive number is needed; leave it blank for equal "
             "weights); the row is skipped."),
    "A003": ("đơn vị cũ không có trong kết quả năm trước; chỉ số năm trước của {found} tính "
             "trên các đơn vị cũ còn lại.",
             "old unit not in last year's results; the previous index of {found} uses the "
             "other old units."),
    "A004": ("đơn vị mới không có trong kết quả năm nay; dòng này của bảng chuyển đổi không "
             "được dùng.",
             "new unit not in this year's results; this crosswalk row is not used."),
    "A005": ("{n} đơn vị năm trước không khớp với đơn vị nào năm nay (không cùng tên, không có "
             "trong bảng chuyển đổi): {found}.",
             "{n} of last year's units match no unit of this year (no same name, not in the "
             "crosswalk): {found}."),
    "A006": ("không tìm thấy bảng kết quả năm trước (cần cột {expected}); hãy dùng tệp CSV "
             "hoặc Excel kết quả do công cụ này ghi.",
             "no results table found in last year's file (columns {expected} are needed); use "
             "a results CSV or workbook written by this tool."),
    "A007": ("bộ chỉ số đã thay đổi: năm trước theo {found}, năm nay theo {expected}. Chỉ số "
             "chung vẫn được so sánh, ghi «bộ chỉ số thay đổi»; từng lĩnh vực chỉ so sánh "
             "khi cả hai bộ cùng có: {fields}.",
             "the methodology changed: last year {found}, this year {expected}. The overall "
             "index is still compared, marked «methodology changed»; fields are compared only "
             "where both trees define them: {fields}."),
    "A008": ("tệp năm trước không ghi bộ chỉ số; các lĩnh vực trùng mã nên coi là cùng bộ "
             "chỉ số năm nay ({expected}).",
             "last year's file does not name its methodology; its fields have the same codes, "
             "so it is taken to be this year's ({expected})."),
    "A009": ("tên đơn vị xuất hiện {found} lần trong kết quả năm trước; dùng dòng đầu tiên.",
             "the unit name appears {found} times in last year's results; the first is used."),
    "A010": ("số lần mô phỏng {found} không hợp lệ (cần một số nguyên dương, vd. 1000).",
             "number of runs {found} is invalid (a positive integer is needed, e.g. 1000)."),
    "A011": ("dòng thiếu tên đơn vị cũ hoặc đơn vị mới ({found}); bỏ qua dòng này.",
             "the row lacks the old or the new unit ({found}); the row is skipped."),
    "A012": ("cần gói python-docx để ghi tệp Word ({found}); cài bằng: pip install python-docx.",
             "writing a Word file needs python-docx ({found}); install: pip install python-docx."),
    "A013": ("--crosswalk {found} cần đi kèm --previous (kết quả năm trước).",
             "--crosswalk {found} needs --previous (last year's results)."),
    "A014": ("kết quả «năm trước» là của năm {found}, không trước năm đang chấm {expected}; "
             "kiểm tra lại tệp --previous.",
             "the \"previous\" results are for {found}, not before the year scored ({expected}); "
             "check the --previous file."),
    # ---- safety: what a file really is, bombs, hostile content, accounting (S001–S099) ----
    "S001": ("tệp rỗng (0 byte), có thể tải về chưa xong; hãy xin đơn vị gửi lại.",
             "the file is empty (0 bytes), perhaps an unfinished download; ask for it again."),
    "S002": ("tệp Excel định dạng cũ ({found}) bị hỏng, không đọc được ({reason}); hãy mở "
             "bằng Excel và lưu lại dưới dạng Sổ làm việc Excel (.xlsx), hoặc xin đơn vị gửi "
             "lại.",
             "the old-format Excel file ({found}) is damaged and cannot be read "
             "({reason}); open it in Excel and save it as an Excel Workbook (.xlsx), or "
             "ask for it again."),
    "S003": ("tệp được đặt mật khẩu nên không đọc được; hãy gỡ mật khẩu (Tệp › Thông tin › "
             "Bảo vệ sổ làm việc) rồi gửi lại.",
             "the workbook is password-protected; remove the password (File › Info › Protect "
             "Workbook) and send it again."),
    "S004": ("không phải sổ Excel: nội dung là {found}, chỉ mang đuôi {expected}; hãy xin đơn "
             "vị gửi đúng tệp bảng điểm.",
             "not a workbook: the content is {found} under a {expected} name; ask the unit for "
             "the right file."),
    "S005": ("tệp bị hỏng hoặc bị cắt cụt (có thể tải về chưa hết); hãy xin đơn vị gửi lại.",
             "the file is damaged or truncated (perhaps an unfinished download); ask for it "
             "again."),
    "S006": ("tệp OpenDocument (.ods) bị hỏng, không đọc được ({reason}); hãy mở bằng "
             "LibreOffice và lưu lại, hoặc xin đơn vị gửi lại.",
             "the OpenDocument (.ods) file is damaged and cannot be read ({reason}); open "
             "it in LibreOffice and save it again, or ask for it again."),
    "S007": ("tệp chứa {found} thành phần nén, vượt giới hạn {expected}; không đọc tệp này "
             "(có thể là tệp độc hại).",
             "the file holds {found} packed parts, over the limit of {expected}; not read "
             "(possibly hostile)."),
    "S008": ("dữ liệu giải nén {found}, vượt giới hạn {expected}; không đọc tệp này "
             "(có thể là bom nén).",
             "{found} once unpacked, over the limit of {expected}; not read (possibly a zip "
             "bomb)."),
    "S009": ("phần {part} nén với tỉ lệ {found}:1, vượt giới hạn {expected}:1; không đọc tệp "
             "này (có thể là bom nén).",
             "part {part} is compressed {found}:1, over the limit of {expected}:1; not read "
             "(possibly a zip bomb)."),
    "S010": ("tệp nặng {found}, vượt giới hạn {expected}; không đọc tệp này.",
             "the file is {found}, over the limit of {expected}; not read."),
    "S011": ("dữ liệu bảng tính {found}, vượt giới hạn {expected} (thường do hàng nghìn dòng "
             "thừa); hãy xoá các dòng, cột thừa rồi lưu lại.",
             "{found} of sheet data, over the limit of {expected} (usually thousands of junk "
             "rows); delete the unused rows and columns and save it again."),
    "S012": ("phần {found} chứa khai báo DOCTYPE/ENTITY (dạng tấn công XML); không đọc tệp "
             "này.",
             "part {found} holds a DOCTYPE/ENTITY declaration (an XML attack); not read."),
    "S013": ("sổ có {found} liên kết tới tệp khác; không mở liên kết, chỉ dùng giá trị đã lưu "
             "trong tệp.",
             "the workbook links to {found} other file(s); links are not followed, only the "
             "values stored in the file are used."),
    "S014": ("đây là tệp khoá của Excel, không phải bảng điểm; bỏ qua. Tệp {expected} có thể "
             "đang mở trong Excel: hãy lưu, đóng Excel rồi chạy lại để dùng bản mới nhất.",
             "this is an Excel lock file, not a score sheet; skipped. {expected} may be open in "
             "Excel: save it, close Excel and run again to use the latest version."),
    "S015": ("phần {found} của tệp bị hỏng (sai dữ liệu nén); hãy xin đơn vị gửi lại.",
             "part {found} of the file is damaged (bad compressed data); ask for it again."),
    "S016": ("không mở được tệp ({found}).", "cannot open the file ({found})."),
    "S017": ("nội dung là sổ Excel .xlsx nhưng tệp mang đuôi {found}; hãy đổi đuôi thành .xlsx.",
             "the content is an .xlsx workbook but the name ends in {found}; rename it to .xlsx."),
    "S018": ("nội dung không phải bảng tính hay văn bản (dữ liệu nhị phân không rõ loại) dù "
             "mang đuôi {expected}; hãy xin đơn vị gửi đúng tệp bảng điểm.",
             "the content is neither a spreadsheet nor text (unknown binary data) under a "
             "{expected} name; ask the unit for the right file."),
    "S019": ("trang tính có {found} dòng dữ liệu, vượt giới hạn {expected} dòng; bỏ qua trang "
             "này (bảng điểm không bao giờ dài như vậy).",
             "the sheet holds {found} rows of data, over the limit of {expected}; it is skipped "
             "(a score table is never that long)."),
    "S020": ("nội dung giống hệt tệp {expected}; chỉ chấm một lần, bỏ qua bản sao này.",
             "identical to {expected}; scored once, this copy is skipped."),
    "S021": ("bảng điểm nằm trên trang tính ẩn; vẫn được đọc, hãy kiểm tra đúng là bảng cần "
             "chấm.",
             "the score table is on a hidden sheet; it was read, check that it is the right "
             "table."),
    "S022": ("tên đơn vị có ký tự lạ {found} (trông giống chữ Việt nhưng khác mã); hãy gõ lại "
             "tên để tránh tính trùng hoặc sót đơn vị.",
             "the unit name holds look-alike characters {found}; retype the name so the unit is "
             "neither counted twice nor missed."),
    "S023": ("bảng ghi năm {found} nhưng bộ chỉ số áp dụng cho năm {expected}; kiểm tra lại "
             "đúng bộ chỉ số (-m).",
             "the table is for {found} but the index applies to {expected}; check the "
             "methodology (-m)."),
    "S024": ("dòng có tên đơn vị và điểm nằm sau bảng (dưới dòng tổng cộng hoặc phần ký tên) "
             "không được đọc: {found}; hãy chuyển các dòng này vào trong bảng.",
             "rows with a unit and points after the table (below the total row or the "
             "signature) were not read: {found}; move them into the table."),
    "S025": ("trang tính này cũng là bảng điểm của đơn vị như trang {expected}; chỉ đọc trang "
             "{expected}, bỏ qua trang này.",
             "this sheet is also a score table of the unit on sheet {expected}; only "
             "{expected} is read, this sheet is skipped."),
    "S026": ("trang tính này có bảng điểm nhưng chưa có điểm nào (bản mẫu để trống?); không "
             "đọc, vì trang khác của tệp có điểm.",
             "this sheet holds a score table without any points (a blank template?); it is not "
             "read, as another sheet of the file holds points."),
    "S027": ("trang tính này liệt kê lại đơn vị {found} đã có ở trang {expected}; chỉ đọc "
             "trang {expected}, bỏ qua trang này.",
             "this sheet lists unit {found} again, already on sheet {expected}; only "
             "{expected} is read, this sheet is skipped."),
    "S028": ("tệp có bảng tổng hợp ở nhiều trang tính; các đơn vị của trang này không ghi "
             "nhóm nên được xếp hạng trong nhóm {found} (tên trang).",
             "the file holds consolidated tables on several sheets; the units of this sheet "
             "name no group, so they are ranked in group {found} (the sheet's name)."),
    "S029": ("đây là tệp kết quả (hoặc báo cáo) do cchc_index ghi ra ở lần chạy trước, không "
             "phải bảng điểm; bỏ qua.",
             "this is a results (or report) file cchc_index wrote in an earlier run, not a "
             "score table; skipped."),
    "S030": ("đơn vị {found} có trong danh sách đơn vị nhưng không có trong tệp nào.",
             "unit {found} is on the list of units but in no input file."),
    "S031": ("đơn vị {found} không có trong danh sách đơn vị (--units); kiểm tra tên.",
             "unit {found} is not on the list of units (--units); check the name."),
    "S034": ("đơn vị {found} không có trong danh sách đơn vị (--units); có phải là {expected}? "
             "Sửa tên trong tệp hoặc trong danh sách.",
             "unit {found} is not on the list of units (--units); is it {expected}? Correct "
             "the name in the file or in the list."),
    "S032": ("không tìm thấy tên đơn vị nào trong danh sách (cần cột {expected}).",
             "no unit names found in the list (a column {expected} is needed)."),
    "S033": ("văn bản trong ô có ký tự điều khiển {found} (có thể xoá màn hình, đảo chiều "
             "chữ); đã bỏ các ký tự này ở mọi kết quả. Hãy gõ lại nội dung ô trong tệp.",
             "the cell's text holds control characters {found} (they can clear a terminal or "
             "reverse text); they were removed from every output. Retype the cell's text in "
             "the file."),
    # ---- issue 15 (inputs): what must not abort the batch (S040–S049) ----
    "S040": ("tệp chứa hai phần cùng tên {found} (Excel không mở tệp như vậy); không đọc tệp "
             "này, hãy xin đơn vị gửi lại tệp lưu từ Excel.",
             "the file holds two parts named {found} (Excel refuses such a file); not read, "
             "ask the unit for a file saved from Excel."),
    "S041": ("mục lục của tệp nén bị hỏng (kích thước hoặc vị trí của phần {found} ghi sai); "
             "tệp bị hỏng, không phải bom nén. Hãy xin đơn vị gửi lại.",
             "the zip directory of the file is damaged (the size or place of part {found} is "
             "wrong); the file is damaged, not a zip bomb. Ask for it again."),
    "S042": ("{found} ô có giá trị nằm quá xa bảng (xa nhất là ô này) nên không được đọc; "
             "chỉ đọc vùng {expected}. Hãy xoá các ô đó (Ctrl+End để tìm) rồi lưu lại.",
             "{found} cell(s) holding a value lie far beyond the table (this one the "
             "farthest) and were not read; only {expected} was read. Delete them (Ctrl+End "
             "finds them) and save again."),
    "S043": ("chương trình đọc tệp bị dừng đột ngột khi đọc tệp này ({found}); tệp không "
             "được chấm, các tệp khác vẫn được chấm. Tệp có thể bị hỏng hoặc chứa dữ liệu bất "
             "thường: hãy mở bằng Excel, lưu lại rồi chạy lại, hoặc gửi tệp cho nhóm phát "
             "triển.",
             "the reader stopped abruptly on this file ({found}); it was not scored, the other "
             "files were. The file may be damaged or hold unusual data: open it in Excel, save "
             "it and run again, or send it to the developers."),
    "S044": ("tệp bị hỏng: phần {found} không phải văn bản hợp lệ (có byte sai mã UTF-8 ở "
             "vị trí {expected}); hãy mở bằng Excel và lưu lại, hoặc xin đơn vị gửi lại.",
             "the file is damaged: part {found} is not valid text (a byte that is not UTF-8 "
             "at offset {expected}); open it in Excel and save it again, or ask for it "
             "again."),
    "S045": ("không đọc được bảng điểm vì trang tính có {found} dòng dữ liệu, vượt giới hạn "
             "{expected} dòng (thường do hàng nghìn dòng thừa dưới bảng); hãy xoá các dòng "
             "thừa rồi lưu lại.",
             "no score table could be read: the sheet holds {found} rows of data, over the "
             "limit of {expected} (usually thousands of junk rows under the table); delete "
             "the unused rows and save it again."),
    # ---- issue 14 (formats, hidden rows): S046–S048 ----
    "S046": ("sổ Excel nhị phân (.xlsb) bị hỏng, không đọc được ({reason}); hãy mở bằng "
             "Excel và lưu lại dưới dạng .xlsx, hoặc xin đơn vị gửi lại.",
             "the Excel Binary Workbook (.xlsb) is damaged and cannot be read ({reason}); "
             "open it in Excel and save it as .xlsx, or ask for it again."),
    "S047": ("các ô có giá trị trải tới ô này, tức {found} ô tính từ A1, vượt giới hạn "
             "{expected} ô; không đọc tệp này. Hãy xoá các ô thừa nằm xa bảng (Ctrl+End để "
             "tìm) rồi lưu lại.",
             "the cells holding values reach this cell, {found} cells from A1, over the "
             "limit of {expected}; the file is not read. Delete the stray cells far from the "
             "table (Ctrl+End finds them) and save it again."),
    "S048": ("bỏ qua {hidden}: người dùng không nhìn thấy chúng trong Excel nên giá trị ở "
             "đó không được tính.",
             "left out {hidden}: they cannot be seen in Excel, so their values are not "
             "counted."),
}
