"""Why a file cannot be read, and what a reader left out: the words of the ``reading`` area.

A damaged workbook's reason (S002, S006, S046), an unreadable file's (I001) and the hidden
rows and columns of S048 are :func:`~.lookup.phrase` values: a key of this
table and raw values (counts, offsets, names), written when a language is asked.
"""

from __future__ import annotations

# key -> (Vietnamese, English)
READING: dict[str, tuple[str, str]] = {
    # ---- .xls (BIFF records) ----
    "biff_cut": ("bản ghi BIFF bị cắt cụt ở vị trí {offset}",
                 "a BIFF record is cut short at offset {offset}"),
    "stream_ends": ("luồng Workbook kết thúc giữa một bản ghi",
                    "the Workbook stream ends inside a record"),
    "no_bof": ("luồng Workbook không bắt đầu bằng bản ghi BOF",
               "the Workbook stream does not start with a BOF record"),
    "biff_version": ("phiên bản BIFF {version} (Excel 95 trở về trước)",
                     "BIFF version {version} (Excel 95 or older)"),
    "boundsheet_short": ("bản ghi BoundSheet quá ngắn", "a BoundSheet record is too short"),
    "no_eof": ("thiếu bản ghi EOF của phần chung của sổ (tệp bị cắt cụt?)",
               "the workbook globals have no EOF record (a truncated file?)"),
    "lists_no_sheet": ("sổ không liệt kê trang tính nào", "the workbook lists no sheet"),
    "sheet_no_bof": ("trang tính bắt đầu ở vị trí {offset} không có bản ghi BOF",
                     "the sheet said to start at offset {offset} has no BOF record"),
    "dimensions": ("bản ghi Dimensions khai báo {cells} ô, nhiều hơn cả một trang tính",
                   "a Dimensions record declares {cells} cells, more than a sheet holds"),
    # ---- .ods ----
    "spaces": ("văn bản trong bảng khai báo hơn {spaces} khoảng trắng",
               "the sheet's text declares more than {spaces} spaces"),
    "no_content": ("thiếu phần content.xml", "the content.xml part is missing"),
    # ---- .xlsb ----
    "xlsb_cut": ("bản ghi .xlsb bị cắt cụt", "an .xlsb record is cut short"),
    "xlsb_name_cut": ("tên trang tính trong xl/workbook.bin bị cắt cụt",
                      "a sheet name in xl/workbook.bin is cut short"),
    "missing_relation": ("trang tính {sheet} trỏ tới quan hệ {relation} không có",
                         "sheet {sheet} points to a missing relationship {relation}"),
    "no_workbook_bin": ("thiếu phần xl/workbook.bin", "the xl/workbook.bin part is missing"),
    "no_worksheet": ("sổ không có trang tính nào", "the workbook holds no worksheet"),
    # ---- the OLE container of an .xls ----
    "ole_short": ("tệp OLE ngắn hơn phần đầu 512 byte",
                  "the OLE file is shorter than its 512-byte header"),
    "ole_sector_size": ("phần đầu tệp OLE ghi cỡ sector sai",
                        "the OLE header gives a wrong sector size"),
    "fat_count": ("bảng FAT khai báo {fat} sector, tệp chỉ có {sectors}",
                  "the FAT declares {fat} sectors, the file holds {sectors}"),
    "ole_header": ("phần đầu tệp OLE bị hỏng", "the OLE header is damaged"),
    "difat_loop": ("chuỗi DIFAT lặp vòng hoặc trỏ ra ngoài tệp",
                   "the DIFAT chain loops or points outside the file"),
    "fat_outside": ("bảng FAT trỏ ra ngoài tệp", "the FAT points outside the file"),
    "chain_loop": ("chuỗi sector của {what} lặp vòng hoặc trỏ ra ngoài tệp",
                   "the sector chain of {what} loops or points outside the file"),
    "the_directory": ("thư mục", "the directory"),
    "the_mini_stream": ("luồng nhỏ", "the mini stream"),
    "the_mini_fat": ("bảng mini FAT", "the mini FAT"),
    "ole_empty": ("thư mục của tệp OLE trống", "the OLE directory is empty"),
    "no_mini_stream": ("luồng {stream} nằm trong luồng nhỏ nhưng tệp không có luồng nhỏ",
                       "stream {stream} lies in a mini stream the file does not have"),
    # ---- what a reader library said, and other files ----
    "as_said": ("{reason}", "{reason}"),
    "not_xlsx": ("không phải tệp Excel .xlsx hợp lệ hoặc tệp bị hỏng",
                 "not a valid Excel .xlsx file, or the file is damaged"),
    "utf16_damaged": ("UTF-16: dữ liệu hỏng", "UTF-16: damaged data"),
    # ---- a methodology workbook that cannot be opened (M003) ----
    "no_permission": ("không có quyền đọc tệp, hoặc tệp đang mở khoá trong chương trình khác",
                      "permission denied, or the file is locked by another program"),
    "ole_named": ("tệp là sổ Excel cũ (.xls) hoặc sổ có đặt mật khẩu, chỉ mang đuôi {suffix}; "
                  "hãy mở bằng Excel, bỏ mật khẩu và lưu lại dạng .xlsx",
                  "the file is an old Excel workbook (.xls) or a password-protected one, only "
                  "named {suffix}; open it in Excel, remove the password and save it as "
                  ".xlsx"),
    "not_workbook": ("tệp bị hỏng hoặc không phải sổ Excel (.xlsx, .xlsm); hãy mở bằng Excel "
                     "và lưu lại, hoặc xuất lại bộ chỉ số (methodology export)",
                     "the file is damaged or not an Excel workbook (.xlsx, .xlsm); open it in "
                     "Excel and save it again, or export the methodology again (methodology "
                     "export)"),
    # ---- S048: rows and columns hidden in Excel ----
    "hidden_rows": ("{n} dòng ẩn ({which})", "{n} hidden rows ({which})"),
    "hidden_row": ("{n} dòng ẩn ({which})", "{n} hidden row ({which})"),
    "hidden_cols": ("{n} cột ẩn ({which})", "{n} hidden columns ({which})"),
    "hidden_col": ("{n} cột ẩn ({which})", "{n} hidden column ({which})"),
    "hidden_both": ("{rows} và {cols}", "{rows} and {cols}"),
}
