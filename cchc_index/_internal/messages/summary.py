"""The sentences of the factual summary (analysis.summary), Vietnamese first."""

from __future__ import annotations

SUMMARY: dict[str, tuple[str, str]] = {
    "units_year": ("Năm {year}, {n} đơn vị được chấm điểm theo {methodology}.",
                   "In {year}, {n} units were scored on {methodology}."),
    "units": ("{n} đơn vị được chấm điểm theo {methodology}.",
              "{n} units were scored on {methodology}."),
    "not_appraised": ("{n} đơn vị chưa được thẩm định, kết quả tính theo điểm tự chấm.",
                      "{n} units were not appraised and are scored on their self-assessment."),
    "mean": ("Chỉ số bình quân là {mean}%, cao nhất {high}%, thấp nhất {low}%.",
             "The mean index is {mean}%, the highest {high}%, the lowest {low}%."),
    "previous": ("So với năm trước{year}, chỉ số bình quân của {m} đơn vị có số liệu cả hai năm "
                 "{direction}.",
                 "Compared with last year{year}, the mean index of the {m} units with figures "
                 "for both years {direction}."),
    "up": ("tăng {d} điểm phần trăm, từ {prev}% lên {now}%",
           "rose by {d} percentage points, from {prev}% to {now}%"),
    "down": ("giảm {d} điểm phần trăm, từ {prev}% xuống {now}%",
             "fell by {d} percentage points, from {prev}% to {now}%"),
    "same": ("không đổi ({now}%)", "did not change ({now}%)"),
    "moves": ("Trong {k} đơn vị có số liệu năm trước, {up} đơn vị tăng chỉ số, {down} đơn vị "
              "giảm, {same} đơn vị không đổi{merged}.",
              "Of the {k} units with last year's figures, {up} rose, {down} fell and {same} "
              "did not change{merged}."),
    "merged": ("; {n} đơn vị hình thành do hợp nhất được so với bình quân gia quyền của các "
               "đơn vị cũ", "; {n} merged units are compared with the weighted mean of their "
               "former units"),
    "changed": ("Bộ chỉ số năm nay khác năm trước ({previous}), nên chỉ so sánh chỉ số chung.",
                "This year's methodology differs from last year's ({previous}), so only the "
                "overall index is compared."),
    "classes": ("Xếp loại: {items}.", "Classes: {items}."),
    "class_item": ("{label} {n} đơn vị ({pct}%)", "{label} {n} units ({pct}%)"),
    "top_3": ("Ba đơn vị có chỉ số cao nhất: {items}.",
              "The three units with the highest index: {items}."),
    "top_n": ("Các đơn vị có chỉ số cao nhất: {items}.", "Units with the highest index: {items}."),
    "bottom_3": ("Ba đơn vị có chỉ số thấp nhất: {items}.",
                 "The three units with the lowest index: {items}."),
    "bottom_n": ("Các đơn vị có chỉ số thấp nhất: {items}.",
                 "Units with the lowest index: {items}."),
    "fields": ("Các lĩnh vực có tỷ lệ điểm đạt bình quân thấp nhất: {items}.",
               "Fields with the lowest mean share of their maximum: {items}."),
    "field_item": ("lĩnh vực {code} «{name}» ({share}% điểm tối đa)",
                   "field {code} “{name}” ({share}% of the maximum)"),
    "field_code": ("lĩnh vực {code}", "field {code}"),
    "criterion_code": ("tiêu chí {code}", "criterion {code}"),
    "lost_criteria": ("Các tiêu chí bị mất điểm ở nhiều đơn vị nhất: {items}.",
                      "Criteria on which most units lost points: {items}."),
    "lost_fields": ("Các lĩnh vực bị mất điểm ở nhiều đơn vị nhất: {items}.",
                    "Fields on which most units lost points: {items}."),
    "lost_item": ("{code} «{name}» ({k}/{n} đơn vị bị mất điểm, mất tổng cộng {points} điểm)",
                  "{code} “{name}” ({k}/{n} units lost points, {points} points lost in all)"),
    "robust_none": ("Qua {runs} lần mô phỏng sai lệch chấm điểm, mọi đơn vị đều giữ nguyên xếp "
                    "loại ở ít nhất {settled}% số lần mô phỏng.",
                    "Over {runs} simulated re-scorings, every unit kept its class in at least "
                    "{settled}% of the runs."),
    "robust_some": ("Qua {runs} lần mô phỏng sai lệch chấm điểm, {k} đơn vị có xếp loại chưa "
                    "vững, tức giữ nguyên xếp loại ở dưới {settled}% số lần mô phỏng ({how}): "
                    "{items}.",
                    "Over {runs} simulated re-scorings, {k} units kept their class in fewer "
                    "than {settled}% of the runs ({how}): {items}."),
    "robust_item": ("{unit} ({label}, {pct}%)", "{unit} ({label}, {pct}%)"),
    "robust_items": ("trong ngoặc là xếp loại và tỷ lệ số lần mô phỏng giữ được xếp loại đó",
                     "in brackets: the class and the share of the runs that kept it"),
    "group_extremes": ("{group} ({n} đơn vị, xếp hạng riêng): {parts}.",
                       "{group} ({n} units, ranked apart): {parts}."),
    "top_in_group": ("cao nhất là {items}", "highest {items}"),
    "bottom_in_group": ("thấp nhất là {items}", "lowest {items}"),
    "and": (" và ", " and "),
}
