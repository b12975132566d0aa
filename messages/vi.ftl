# Thông báo của podium bằng tiếng Việt (language: vi, hoặc --lang vi).
# Mỗi mục: giá trị là nội dung thông báo; `.hint` là cách sửa (in sau dấu " — ").
# en.ftl có đúng các mã này, với cùng các tham số (tests/messages.rs kiểm tra).
# Dấu ngoặc nhọn viết là {"{"} và {"}"}.

## Các từ dùng chung

severity-error = lỗi
severity-warning = cảnh báo
did-you-mean = có phải là `{ $word }` không?{" "}
list-more = { $list }, … (tất cả { $count })
summary-counts = { $errors } lỗi, { $warnings } cảnh báo

## Đọc tệp (src/load/text.rs)

file-not-found = không tìm thấy tệp
    .hint = hãy tạo tệp { $file } (xem docs/formats.md)
file-unreadable = không đọc được tệp: { $error }
    .hint = kiểm tra đây có đúng là tệp và có quyền đọc không (đóng tệp trong chương trình bảng tính, kiểm tra quyền truy cập)
file-utf16 = tệp được lưu theo mã UTF-16, không phải UTF-8
    .hint = hãy lưu lại theo mã UTF-8: trong Excel chọn "CSV UTF-8 (Comma delimited)", không chọn "Unicode Text"
file-not-utf8 = tệp không phải văn bản UTF-8 hợp lệ (byte { $byte } ở dòng này)
    .hint = hãy lưu lại theo mã UTF-8: trong Excel chọn "CSV UTF-8 (Comma delimited)", trong LibreOffice hoặc trình soạn thảo chọn "Unicode (UTF-8)" (không dùng Windows-1258, TCVN3 hay VNI)
file-windows-1258 = tệp được lưu theo bảng mã tiếng Việt của Windows (Windows-1258), không phải UTF-8
    .hint = hãy lưu lại từ Excel với kiểu "CSV UTF-8 (Comma delimited) (*.csv)" (File › Save As › Save as type), không chọn "CSV (Comma delimited)"
folder-outside = bỏ qua: thư mục này dẫn ra ngoài dự án, tới { $target }
    .hint = podium chỉ đọc các tệp nằm trong thư mục dự án: hãy chép thư mục vào đó, hoặc xóa liên kết tượng trưng
link-outside = bỏ qua: đây là liên kết tượng trưng tới { $target }, nằm ngoài dự án
    .hint = podium chỉ xuất bản các tệp nằm trong thư mục dự án: hãy chép tệp vào đó, hoặc xóa liên kết
link-broken = bỏ qua: đây là liên kết tượng trưng tới { $target }, nơi không tồn tại
    .hint = hãy sửa hoặc xóa liên kết

## Các lệnh (src/commands.rs, src/cli.rs)

failure-invalid = dữ liệu đầu vào có lỗi (xem các thông báo ở trên)
failure-write = không ghi được { $path }: { $error }
project-not-found = không có thư mục này
    .hint = kiểm tra lại tên và vị trí của thư mục dự án (podium build ĐƯỜNG-DẪN), hoặc chạy podium ngay trong thư mục đó
project-no-data = ở đây không có thư mục data/
    .hint = hãy chạy podium trong thư mục dự án (thư mục chứa data/site.yaml …) hoặc ghi rõ đường dẫn: podium build ĐƯỜNG-DẪN
explain-group-of-units = `{ $id }` là một nhóm mà mỗi đơn vị được đánh giá riêng, theo chỉ tiêu của chính đơn vị đó
    .hint = hãy xem cách tính của một đơn vị trong nhóm: { $units }
explain-group-units-more = { $list } … (tất cả { $count })
explain-unknown-unit = không có đơn vị `{ $id }`
    .hint = { $suggestion }hãy dùng một mã đơn vị trong { $table }
explain-unknown-period = không có giai đoạn `{ $id }`
    .hint = { $suggestion }các giai đoạn: { $periods }
epoch-out-of-range = SOURCE_DATE_EPOCH=`{ $value }` nằm ngoài khoảng cho phép: phải từ 0 (1970-01-01) đến { $last } (9999-12-31)
    .hint = hãy đặt, ví dụ, $(git log -1 --format=%ct), hoặc bỏ biến này đi
epoch-not-a-number = SOURCE_DATE_EPOCH=`{ $value }` không phải là một số nguyên giây tính từ 1970-01-01
    .hint = hãy đặt, ví dụ, $(git log -1 --format=%ct), hoặc bỏ biến này đi
summary-more-warnings = … và { $count } cảnh báo nữa — chạy `podium check` để xem đầy đủ
summary-check-ok = hợp lệ: { $units } đơn vị thuộc { $groups } nhóm, { $periods } giai đoạn, số liệu đến { $up_to }
summary-no-results = (chưa có kết quả)
summary-built = đã tạo { $pages } trang trong { $output } ({ $files } tệp: { $changed } thay đổi, { $unchanged } giữ nguyên)
summary-progress = đang tạo trang web
summary-init = đã tạo dự án mới trong { $dir } ({ $files } tệp): một đợt thi đua mẫu để thay bằng số liệu của đơn vị
summary-init-next = tiếp theo: sửa các tệp trong data/ (lời chú thích trong tệp giải thích từng mục), rồi chạy { $check } và { $build }
summary-template = đã tạo { $file }: { $units } đơn vị, { $months } trang tháng
summary-template-move = để dùng sổ này: chuyển nó vào data/ và chuyển { $tables } ra khỏi data/ (mỗi bảng chỉ được giữ ở một nơi)

## Thư mục xuất (src/output/)

output-foreign = thư mục này không trống và không do podium tạo ra (không có tệp { $marker })
    .hint = hãy chọn một thư mục trống hoặc thư mục mới bằng -o, hoặc thêm --force để thay thế nó
output-refused = podium không ghi trang web vào đây: { $why }
    .hint = mỗi lần tạo, podium thay toàn bộ thư mục xuất, dù có --force hay không: hãy tạo vào thư mục site/ của dự án (bỏ -o) hoặc vào một thư mục mới nằm ngoài data/ và themes/
output-not-a-folder = đây là một tệp, không phải thư mục
    .hint = hãy chỉ định một thư mục cho trang web bằng -o (podium không bao giờ thay thế một tệp, kể cả với --force)
output-broken-link = đây là liên kết tượng trưng tới một thư mục không tồn tại
    .hint = hãy tạo thư mục mà liên kết trỏ tới, hoặc chỉ định thư mục khác bằng -o
output-io = { $error }
refusal-root = đây là thư mục gốc của một ổ đĩa
refusal-home = đây là thư mục cá nhân của bạn
refusal-holds-home = thư mục này chứa thư mục cá nhân của bạn
refusal-working-folder = đây là thư mục bạn đang làm việc
refusal-holds-working-folder = thư mục này chứa thư mục bạn đang làm việc
refusal-project = đây là thư mục dự án
refusal-holds-project = thư mục này chứa dự án
refusal-input = đây là thư mục { $folder }/ của dự án, nơi podium đọc dữ liệu
refusal-inside-input = thư mục này nằm trong thư mục { $folder }/ của dự án, nơi podium đọc dữ liệu
refusal-holds-input = thư mục này chứa thư mục { $folder }/ của dự án, nơi podium đọc dữ liệu
refusal-other-project = đây là một dự án podium khác (có data/site.yaml)
refusal-repository = đây là một kho git (có .git)

## Trang và tin tức (src/load/docs.rs)

doc-same-address = `{ $other }` và `{ $file }` sẽ cùng được đăng tại một địa chỉ ({ $slug })
    .hint = hãy đổi tên một trong hai tệp, hoặc đặt `slug:` khác cho một tệp trong phần đầu (front matter)
doc-no-front-matter = thiếu phần đầu (front matter)
    .hint = tệp phải bắt đầu bằng một dòng `---`, tiếp theo là `title: "…"`, rồi một dòng `---`, sau đó mới đến nội dung
doc-title-empty = tiêu đề đang để trống
    .hint = hãy ghi tiêu đề sau `title:`, ví dụ title: "Kế hoạch thi đua"
doc-bad-slug = không dùng được `{ $slug }` làm địa chỉ
    .hint = hãy đặt tên tệp (hoặc `slug:`) bằng chữ thường a–z, chữ số và dấu gạch nối đơn, ví dụ ke-hoach.md
doc-reserved-slug = địa chỉ trang `{ $slug }` đã được chính trang web sử dụng
    .hint = hãy đổi tên trang: các địa chỉ { $reserved } đã được dành riêng
doc-bad-date = `{ $value }` không phải là ngày hợp lệ
    .hint = hãy ghi theo dạng YYYY-MM-DD (năm-tháng-ngày)
doc-news-no-date = bản tin cần có ngày đăng
    .hint = hãy thêm `date: YYYY-MM-DD` vào phần đầu (front matter) hoặc đặt ngày ở đầu tên tệp, ví dụ 2022-03-10-phat-dong.md

## Giao diện (src/load/theme.rs)

theme-not-found = không tìm thấy giao diện `{ $name }`: không có thư mục { $folder }/
    .hint = hãy tạo thư mục này hoặc ghi `theme: default`
link-loop = bỏ qua: liên kết tượng trưng này dẫn ngược về một thư mục cấp trên của nó
    .hint = hãy xóa liên kết
theme-file-unreadable = không đọc được tệp: { $error }
theme-unknown-string = không có chuỗi giao diện `{ $key }`
    .hint = { $suggestion }các khóa hợp lệ là các khóa trong themes/default/i18n/{ $language }.yaml
theme-unknown-strings-more = còn { $count } chuỗi giao diện không hợp lệ khác (đã liệt kê { $listed } chuỗi đầu)
    .hint = các khóa hợp lệ là các khóa trong themes/default/i18n/{ $language }.yaml
theme-safe-value = `safe` in ra `{ $value }` mà không thoát ký tự HTML: văn bản lấy từ dữ liệu sẽ bị đăng dưới dạng mã HTML
    .hint = hãy bỏ `| safe`: podium tự thoát ký tự cho văn bản; `safe` chỉ dành cho `body`, `chart` và `css`, vốn đã là HTML
theme-safe-block = `safe` in ra cả một khối mà không thoát ký tự HTML: văn bản lấy từ dữ liệu sẽ bị đăng dưới dạng mã HTML
    .hint = hãy bỏ `| safe`: podium tự thoát ký tự cho văn bản; `safe` chỉ dành cho `body`, `chart` và `css`, vốn đã là HTML
theme-autoescape-false = `autoescape false` in ra mọi giá trị trong khối mà không thoát ký tự HTML: văn bản lấy từ dữ liệu sẽ bị đăng dưới dạng mã HTML
    .hint = hãy bỏ khối autoescape: podium tự thoát ký tự cho văn bản

## Ký tự và độ lồng (src/load/bounds/)

char-bidi = một ký tự vô hình làm đổi chiều hiển thị của văn bản
char-control = một ký tự điều khiển vô hình
char-in-text = có { $what } ({ $code }) trong văn bản ở chỗ này
    .hint = hãy xóa ký tự đó: gõ lại đoạn văn bản quanh chỗ này (các ký tự như vậy thường lẫn vào khi sao chép từ chương trình khác)
chars-more = còn { $count } ký tự điều khiển vô hình khác trong tệp này (đã liệt kê { $listed } ký tự đầu)
    .hint = hãy kiểm tra cách tệp được tạo ra: lưu lại tệp dưới dạng văn bản UTF-8 từ chương trình bảng tính hoặc trình soạn thảo
char-reference = `{ $source }` chèn { $what } ({ $code }) vào văn bản
    .hint = hãy xóa nó đi
char-written = có { $what } ({ $code }) được chèn vào văn bản ở chỗ này
    .hint = hãy xóa nó đi
markdown-too-deep = văn bản lồng nhau quá { $depth } cấp ở chỗ này (trích dẫn, danh sách, chữ nhấn mạnh hoặc liên kết lồng vào nhau)
    .hint = một trang chỉ cần vài cấp: hãy bỏ bớt các dấu `>`, dấu đầu dòng hoặc `*` thừa ở chỗ này
html-too-deep = các thẻ HTML lồng nhau quá { $depth } cấp ở chỗ này
    .hint = hãy đóng mỗi thẻ ở đúng chỗ kết thúc của nó (`<div>` … `</div>`), hoặc viết nội dung bằng Markdown
html-too-costly = đoạn HTML ở đây quá tốn công để đọc: quá nhiều thẻ chưa đóng hoặc đóng sai thứ tự
    .hint = hãy đóng mỗi thẻ ở đúng chỗ kết thúc, theo thứ tự ngược với lúc mở (`<b><i>` … `</i></b>`), hoặc viết nội dung bằng Markdown
yaml-too-deep = nội dung YAML lồng nhau quá { $depth } cấp ở chỗ này (danh sách và khối lồng vào nhau)
    .hint = các tệp của podium chỉ cần vài cấp: hãy đóng mỗi `[` và `{"{"}` ở đúng chỗ, và đặt văn bản bắt đầu bằng `[` hoặc `{"{"}` trong dấu ngoặc kép
yaml-escape-char = `{ $escape }` chèn { $what } ({ $code }) vào văn bản
    .hint = hãy xóa nó khỏi đoạn văn bản trong ngoặc kép

## Các tệp YAML (src/load/yaml/mod.rs)

yaml-unknown-key = không có khóa `{ $key }`
    .hint = { $suggestion }các khóa được dùng ở đây: { $allowed }
yaml-missing-key = thiếu khóa bắt buộc `{ $key }`
    .hint = hãy thêm `{ $key }:` vào khối này (xem docs/formats.md)
yaml-duplicate-key = khóa `{ $key }` bị lặp lại
    .hint = mỗi khóa chỉ được xuất hiện một lần trong cùng một khối: hãy xóa hoặc gộp một trong hai
yaml-duplicate-key-line = khóa `{ $key }` bị lặp lại (lần đầu ở dòng { $first })
    .hint = mỗi khóa chỉ được xuất hiện một lần trong cùng một khối: hãy xóa hoặc gộp một trong hai
yaml-tab = YAML sai cú pháp: dòng này được thụt lề bằng phím Tab
    .hint = chỉ thụt lề bằng dấu cách (hai dấu cách cho mỗi cấp), giống các dòng xung quanh
yaml-unclosed-quote = YAML sai cú pháp: dấu ngoặc kép này chưa được đóng trên cùng dòng
    .hint = hãy kết thúc đoạn văn bản bằng đúng loại dấu ngoặc đó trên cùng dòng, ví dụ title: "Năm 2022"
yaml-malformed = YAML sai cú pháp: { $detail }
    .hint = hãy kiểm tra việc thụt lề (dùng dấu cách, không dùng Tab), các dấu hai chấm và dấu ngoặc kép quanh chỗ này; văn bản có ": " hoặc " #" phải đặt trong ngoặc kép
yaml-wrong-type = { $detail }
    .hint = hãy đối chiếu kiểu của giá trị (văn bản, số nguyên, danh sách hay khối) với docs/formats.md
awards-too-many = `{ $kind }: { $count }` trong { $whose } quá lớn (tối đa { $max } cho mỗi loại)
    .hint = hãy kiểm tra lỗi gõ hoặc chữ số thừa: số khen thưởng là số bằng khen (xem docs/formats.md)

## Nhóm thi đua (src/load/yaml/groups.rs)

group-bad-id = mã nhóm `{ $id }` không hợp lệ
    .hint = hãy dùng chữ thường, chữ số và dấu gạch nối đơn, tối đa 64 ký tự, ví dụ nhom-1
group-duplicate-id = mã nhóm `{ $id }` bị trùng
    .hint = mỗi nhóm phải có một mã riêng
group-empty-name = nhóm `{ $id }` chưa có tên
    .hint = hãy ghi tên nhóm sẽ hiển thị trên trang, ví dụ name: "Nhóm 1"
group-unknown-metric = không có nội dung thi đua `{ $metric }` trong cách tính của nhóm `{ $id }`
    .hint = { $suggestion }các nội dung thi đua khai báo trong campaign.yaml: { $metrics }
group-unknown-basis = không có cách đánh giá `{ $basis }`
    .hint = hãy ghi `basis: unit` (mỗi đơn vị so với chỉ tiêu của đơn vị đó) hoặc `basis: overall` (tổng chung của đợt thi đua)
percent-decimal-comma = `{ $value }` không phải là tỷ lệ phần trăm hợp lệ
    .hint = hãy ghi phần thập phân bằng dấu chấm: "{ $fixed }%"
percent-invalid = `{ $value }` không phải là tỷ lệ phần trăm hợp lệ
    .hint = hãy ghi một số phần trăm từ 0 trở lên, tối đa bốn chữ số thập phân, ví dụ "110%" hoặc "109.5%"
bonus-below-qualify = mức thưởng thêm { $at }% thấp hơn mức đạt qualify_at { $qualify }% trong nhóm `{ $id }`
    .hint = phần thưởng thêm chỉ dành cho đơn vị đã đạt: hãy nâng `at` lên ít nhất bằng qualify_at
bonus-twice = có hai mức thưởng thêm cùng { $at }% trong nhóm `{ $id }`
    .hint = hãy gộp lại thành một mức
awards-of-bonus = mức thưởng thêm { $at }% của nhóm `{ $id }`
awards-of-group = số khen thưởng của nhóm `{ $id }`
bonus-any-pool-unit = nhóm `{ $id }` có suất `any` (tập thể hoặc cá nhân) trong mức thưởng thêm { $at }% nhưng lại dùng `basis: unit`
    .hint = suất khen thưởng dùng chung cho cả hai loại chỉ áp dụng cho cả nhóm: hãy dùng `basis: overall`, hoặc tách thành tập thể và cá nhân
group-any-pool-unit = nhóm `{ $id }` có suất `any` (tập thể hoặc cá nhân) nhưng lại dùng `basis: unit`
    .hint = suất khen thưởng dùng chung cho cả hai loại chỉ áp dụng cho cả nhóm: hãy dùng `basis: overall`, hoặc tách thành tập thể và cá nhân
groups-none = chưa khai báo nhóm thi đua nào
    .hint = hãy khai báo ít nhất một nhóm trong mục `groups:`
group-download-clash = nhóm `{ $group }` với giai đoạn `{ $period }` sẽ đăng bảng xếp hạng thành tệp { $file }, trùng với tệp của nhóm `{ $other_group }` với giai đoạn `{ $other_period }`
    .hint = hãy đổi mã nhóm hoặc mã giai đoạn, sao cho không có cặp mã nhóm và mã giai đoạn nào nối bằng dấu gạch nối lại trùng với một cặp khác

## Đợt thi đua (src/load/yaml/campaign.rs)

campaign-bad-id = mã đợt thi đua `{ $id }` không hợp lệ
    .hint = hãy dùng chữ thường, chữ số và dấu gạch nối đơn, ví dụ pt-doan-vien-2022-2023
campaign-title-empty = tên đợt thi đua đang để trống
    .hint = hãy ghi đầy đủ tên đợt thi đua như trong kế hoạch
campaign-bad-date = `{ $key }: { $value }` không phải là ngày hợp lệ
    .hint = hãy ghi ngày theo dạng YYYY-MM-DD (năm-tháng-ngày), ví dụ 2022-03-01
campaign-ends-first = đợt thi đua kết thúc ({ $ends }) trước khi bắt đầu ({ $starts })
    .hint = hãy đổi chỗ `starts` và `ends`, hoặc sửa lại năm
metric-bad-id = mã nội dung thi đua `{ $id }` chỉ được gồm chữ thường, chữ số, `_` hoặc `-`
    .hint = hãy đổi tên, ví dụ members_net
metric-no-columns = nội dung thi đua `{ $id }` không ghi cột nào của bảng kết quả (results.csv hoặc các trang tính kết quả trong sổ Excel)
    .hint = hãy liệt kê các cột được cộng trong `plus:` (và các cột bị trừ trong `minus:`)
metric-empty-label = nội dung thi đua `{ $id }` chưa có tên hiển thị
    .hint = hãy ghi tên sẽ hiển thị trên trang, ví dụ label: "Phát triển đoàn viên"
metric-not-figure = nội dung thi đua `{ $id }` dùng `{ $column }`, đây không phải là cột số liệu
    .hint = hãy ghi tên các cột số liệu của bảng kết quả (results.csv hoặc các trang tính kết quả trong sổ Excel), ví dụ members_added
metrics-none = chưa khai báo nội dung thi đua nào
    .hint = hãy khai báo ít nhất một nội dung trong mục `metrics:`
columns-unread = `columns:` có cột `{ $name }`, nhưng không nội dung thi đua nào dùng cột này
    .hint = { $suggestion }các cột được dùng là: { $columns }
columns-unread-more = `columns:` còn { $count } cột khác không nội dung thi đua nào dùng (đã liệt kê { $listed } cột đầu)
    .hint = các cột được dùng là: { $columns }
period-bad-id = mã giai đoạn `{ $id }` không hợp lệ
    .hint = hãy dùng chữ thường, chữ số và dấu gạch nối đơn, ví dụ "2022"
period-duplicate-id = mã giai đoạn `{ $id }` bị trùng
    .hint = mỗi giai đoạn phải có một mã riêng
period-bad-month = `{ $key }: { $value }` không phải là tháng hợp lệ
    .hint = hãy ghi tháng theo dạng YYYY-MM (năm-tháng), ví dụ 2022-01
period-ends-first = giai đoạn `{ $id }` kết thúc ({ $to }) trước khi bắt đầu ({ $from })
    .hint = hãy sửa `from` hoặc `to`: một giai đoạn tính từ tháng đầu đến hết tháng cuối
period-overlap = giai đoạn `{ $id }` ({ $from } đến { $to }) trùng thời gian với giai đoạn `{ $other }` ({ $other_from } đến { $other_to })
    .hint = mỗi tháng chỉ thuộc một giai đoạn: hãy sửa `from` hoặc `to`
overall-target-not-positive = chỉ tiêu chung của `{ $metric }` là { $value }, nhưng chỉ tiêu phải lớn hơn 0
    .hint = hãy ghi một số nguyên lớn hơn 0, hoặc bỏ dòng này nếu "không có chỉ tiêu"
overall-target-unknown-metric = không có nội dung thi đua `{ $metric }` trong overall_target
    .hint = { $suggestion }các nội dung thi đua: { $metrics }
overall-target-unknown-more = overall_target còn ghi { $count } nội dung thi đua không tồn tại khác (đã liệt kê { $listed } mục đầu)
    .hint = các nội dung thi đua: { $metrics }
awards-national = national_awards (khen thưởng cấp trên) của giai đoạn `{ $id }`
periods-none = chưa khai báo giai đoạn nào
    .hint = hãy khai báo ít nhất một giai đoạn trong mục `periods:`
periods-too-long = các giai đoạn kéo dài { $span } tháng ({ $from } đến { $to }), quá giới hạn { $max } tháng (10 năm) mà podium xử lý
    .hint = hãy kiểm tra năm trong `from` và `to`: một lỗi gõ như 2923 thay cho 2023 sẽ kéo dài đợt thi đua
first-on-line = {" "}(lần đầu ở dòng { $line })
metric-adds-twice = nội dung thi đua `{ $id }` cộng cột `{ $column }` hai lần{ $first }
    .hint = mỗi cột chỉ ghi một lần: cột ghi hai lần sẽ bị tính hai lần
metric-subtracts-twice = nội dung thi đua `{ $id }` trừ cột `{ $column }` hai lần{ $first }
    .hint = mỗi cột chỉ ghi một lần: cột ghi hai lần sẽ bị tính hai lần
metric-adds-and-subtracts = nội dung thi đua `{ $id }` vừa cộng vừa trừ cột `{ $column }`{ $first }
    .hint = mỗi cột chỉ thuộc `plus:` hoặc `minus:`, không thuộc cả hai: hãy bỏ nó khỏi một trong hai mục

## Trang web (src/load/yaml/site.rs)

site-unknown-language = không có ngôn ngữ `{ $language }`
    .hint = hãy ghi `language: vi` (tiếng Việt) hoặc `language: en` (tiếng Anh)
site-base-url-empty = base_url đang để trống, nên feed.xml và sitemap.xml không ghi được địa chỉ đầy đủ
    .hint = hãy đặt `base_url:` là địa chỉ nơi trang web được đăng, ví dụ https://example.org/thi-dua (bỏ qua cảnh báo này nếu trang chỉ được xem từ ổ đĩa)
site-base-url-relative = base_url `{ $url }` không phải là địa chỉ http(s) đầy đủ
    .hint = hãy ghi đầy đủ địa chỉ, ví dụ https://example.org/thi-dua, hoặc để trống
site-bad-theme = tên giao diện `{ $theme }` không phải là tên thư mục gồm chữ thường, chữ số và dấu gạch nối
    .hint = hãy đặt tên giao diện giống tên thư mục của nó trong themes/, ví dụ `default`
site-title-empty = tên trang web đang để trống
    .hint = hãy ghi tên trang web
period-not-started = giai đoạn `{ $id }` chưa có kết quả (bắt đầu từ { $from }, số liệu mới đến { $as_of })
    .hint = không cần làm gì nếu giai đoạn chưa bắt đầu; các trang của giai đoạn sẽ ghi là chưa bắt đầu

## Kiểm tra kết quả (src/validate.rs)

nomination-no-target = không có chỉ tiêu
nomination-no-overall-target = không có chỉ tiêu chung
nomination-not-qualified = `{ $id }` không đạt trong giai đoạn `{ $period }` ({ $why }), nên không có suất khen thưởng để đề nghị (đang ghi { $names } tên)
    .hint = hãy xóa các dòng đề nghị này của giai đoạn, hoặc sửa lại số liệu nếu số liệu sai
nomination-collective-too-many = `{ $id }` đề nghị thừa một suất tập thể trong giai đoạn `{ $period }`: chỉ được { $quota }
    .hint = hãy xóa dòng này hoặc chuyển sang loại khen thưởng khác còn suất
nomination-individual-too-many = `{ $id }` đề nghị thừa một suất cá nhân trong giai đoạn `{ $period }`: chỉ được { $quota }
    .hint = hãy xóa dòng này hoặc chuyển sang loại khen thưởng khác còn suất
quota-any = { $count } suất tập thể hoặc cá nhân
quota-collective = { $count } suất tập thể
quota-individual = { $count } suất cá nhân
results-empty = { $table } chưa có dòng kết quả nào
    .hint = hãy thêm số liệu của tháng đầu tiên
overall-no-target = nhóm `{ $group }` được đánh giá theo tổng chung của đợt thi đua, nhưng giai đoạn `{ $period }` không có chỉ tiêu chung (overall_target) cho { $metric }: nhóm sẽ không được khen thưởng
    .hint = hãy thêm `{ $metric }: …` vào overall_target của giai đoạn nếu cấp trên đã giao chỉ tiêu
unit-no-target = `{ $unit }` không có chỉ tiêu { $metric } cho giai đoạn `{ $period }`: đơn vị được ghi là không xếp hạng và không được khen thưởng
    .hint = hãy thêm dòng của đơn vị vào { $table } nếu đã được giao chỉ tiêu
unit-not-reported = `{ $unit }` chưa báo cáo tháng { $month }
    .hint = hãy thêm dòng của đơn vị khi có số liệu; trang web sẽ ghi tháng đó là "chưa báo cáo"
results-spike = { $column } của `{ $unit }` tháng { $month } là { $value }, gấp hơn mười lần mức thường lệ { $usual }
    .hint = hãy kiểm tra lỗi gõ (thừa một chữ số?); nếu số liệu đúng, có thể bỏ qua cảnh báo này
static-is-built-file = `{ $path }` là tệp do podium tự tạo khi dựng trang
    .hint = hãy chuyển tệp vào assets/ (hoặc một thư mục riêng khác) và liên kết tới nó từ đó
static-is-built-folder = `{ $path }` là thư mục do podium tự tạo khi dựng trang, nên không tệp nào được trùng tên đó
    .hint = hãy chuyển tệp vào assets/ (hoặc một thư mục riêng khác) và liên kết tới nó từ đó
static-needs-folder = `{ $path }` cần có thư mục `{ $above }`, nhưng podium lại ghi một tệp ở đó
    .hint = hãy chuyển tệp vào assets/ (hoặc một thư mục riêng khác) và liên kết tới nó từ đó

## Mẫu trang và việc tạo trang (src/render/)

template-syntax = lỗi mẫu trang: { $error }
    .hint = hãy sửa cú pháp của mẫu trang
template-render = lỗi mẫu trang: { $error }
    .hint = hãy sửa mẫu trang
template-built-in = lỗi mẫu trang: { $error }
    .hint = đây là lỗi của podium, xin hãy báo lại
card-failed = { $error }
    .hint = đây là lỗi của podium, xin hãy báo lại

## Các lệnh init, template và serve (src/init.rs, src/template.rs, src/serve.rs)

template-make-failed = không tạo được sổ tính: { $error }
template-exists = tệp này đã có
    .hint = podium template không bao giờ ghi đè một tệp: hãy đặt tên khác (podium template TỆP) hoặc chuyển tệp này đi nơi khác
template-write-failed = không ghi được sổ tính: { $error }
    .hint = hãy kiểm tra thư mục có tồn tại và bạn có quyền ghi vào đó
init-unreadable = không đọc được thư mục này: { $error }
init-not-empty = thư mục này không trống (đang có { $names })
    .hint = podium init chỉ tạo dự án mới trong một thư mục mới hoặc trống: hãy đặt tên một thư mục mới, ví dụ podium init thi-dua
init-not-empty-more = thư mục này không trống (đang có { $names }, … (tất cả { $count } mục))
    .hint = podium init chỉ tạo dự án mới trong một thư mục mới hoặc trống: hãy đặt tên một thư mục mới, ví dụ podium init thi-dua
init-is-file = đây là một tệp, không phải thư mục
    .hint = podium init chỉ tạo dự án mới trong một thư mục mới hoặc trống: hãy đặt tên một thư mục mới, ví dụ podium init thi-dua
serve-listen-failed = không mở được { $address } để phục vụ trang: { $error }
    .hint = hãy chọn cổng khác bằng --port, hoặc --port 0 để dùng một cổng trống bất kỳ
serve-watch-failed = không theo dõi được các tệp: { $error }
serve-start-failed = không khởi động được máy chủ xem trước: { $error }
serve-watcher-stopped = bộ theo dõi tệp đã dừng
base-url-arg-bad = --base-url `{ $url }` không phải là một địa chỉ http(s) đầy đủ
    .hint = hãy ghi đầy đủ địa chỉ nơi trang được đăng, ví dụ https://example.org/thi-dua, hoặc "" nếu không có

## Vị trí trong các bảng (src/load/table/; src/load/workbook/ ghi lại thành dòng và trang tính)

place-line = ở dòng { $line }
place-row = ở dòng { $row }
place-sheet-row = ở dòng { $row } của trang tính '{ $sheet }'
place-table = { $file }
place-sheet = trang tính '{ $sheet }'
place-month-sheets = các trang tính theo tháng

## Các bảng đơn vị, chỉ tiêu, kết quả, đề nghị khen thưởng (src/load/table/)

csv-header-unreadable = không đọc được dòng tiêu đề: { $error }
    .hint = hãy kiểm tra dòng đầu tiên
csv-header-missing = thiếu dòng tiêu đề
    .hint = dòng đầu tiên phải ghi tên các cột: { $columns }
csv-column-twice = cột `{ $column }` xuất hiện hai lần trong dòng tiêu đề
    .hint = hãy giữ lại một cột
csv-missing-column = thiếu cột `{ $column }`
    .hint = { $suggestion }dòng tiêu đề phải có các cột: { $columns }
csv-columns-more = còn thiếu { $count } cột khác (đã liệt kê { $listed } cột đầu)
    .hint = dòng tiêu đề phải có các cột: { $columns }
csv-columns-first = { $list },… ({ $count } cột)
csv-columns-separator = { $columns } (tệp này dùng dấu ; giữa các ô; dòng tiêu đề đã được đọc với dấu { $separator } giữa các ô)
csv-row-unreadable = không đọc được dòng này: { $error }
    .hint = hãy kiểm tra các dấu ngoặc kép trong dòng
csv-row-too-wide = dòng này có { $cells } ô nhưng dòng tiêu đề chỉ ghi { $columns } cột
    .hint = ô có dấu phẩy phải đặt trong ngoặc kép, ví dụ "Công ty A, chi nhánh B", hoặc để chương trình bảng tính tự lưu tệp
figure-empty = ô đang để trống
    .hint = hãy ghi 0 nếu không có gì để báo cáo
figure-negative = `{ $value }` là số âm
    .hint = số liệu là số đếm, từ 0 trở lên: số giảm ghi ở cột riêng (ví dụ members_lost)
figure-not-whole = `{ $value }` không phải là số nguyên
    .hint = chỉ ghi chữ số, không có dấu chấm, dấu phẩy hay dấu cách, ví dụ 1410
figure-too-large = `{ $value }` quá lớn (tối đa { $max })
    .hint = hãy kiểm tra lỗi gõ hoặc chữ số thừa
table-unknown-unit = không có đơn vị `{ $id }`
    .hint = { $suggestion }hãy dùng một mã đơn vị trong { $table }, hoặc thêm đơn vị vào đó trước
table-unknown-period = không có giai đoạn `{ $id }`
    .hint = { $suggestion }các giai đoạn trong campaign.yaml: { $periods }
unit-bad-id = mã đơn vị `{ $id }` không hợp lệ
    .hint = hãy dùng chữ thường a–z, chữ số và dấu gạch nối đơn, tối đa 64 ký tự, ví dụ ldld-long-xuyen
unit-duplicate-id = mã đơn vị `{ $id }` bị trùng (lần đầu { $first })
    .hint = mỗi đơn vị phải có một mã riêng: hãy xóa dòng lặp lại hoặc đổi mã của một đơn vị
unit-empty-name = tên đơn vị đang để trống
    .hint = hãy ghi đầy đủ tên đơn vị
unit-unknown-group = không có nhóm `{ $group }`
    .hint = { $suggestion }các nhóm trong groups.yaml: { $groups }
targets-no-metric = không có cột nội dung thi đua nào
    .hint = hãy thêm một cột cho mỗi nội dung thi đua: { $metrics }
target-zero = chỉ tiêu { $metric } bằng 0
    .hint = chỉ tiêu phải lớn hơn 0: để trống ô nếu "không có chỉ tiêu"
target-negative = chỉ tiêu { $metric } `{ $value }` là số âm
    .hint = chỉ tiêu phải lớn hơn 0: để trống ô nếu "không có chỉ tiêu"
target-twice = dòng chỉ tiêu thứ hai của `{ $unit }` trong giai đoạn `{ $period }` (lần đầu { $first })
    .hint = mỗi đơn vị chỉ có một dòng chỉ tiêu cho mỗi giai đoạn: hãy xóa dòng lặp lại
result-not-a-month = `{ $value }` không phải là tháng hợp lệ
    .hint = { $how }
month-as-date = hãy ghi tháng theo dạng YYYY-MM: { $month }; chương trình bảng tính đã đổi ô thành ngày: hãy giữ bảng trong sổ tính (data/*.xlsx), nơi ô ngày được đọc là tháng của ngày đó, hoặc định dạng cột là Văn bản (Text)
month-as = hãy ghi tháng theo dạng YYYY-MM: { $month }
month-format = hãy ghi tháng theo dạng YYYY-MM (năm-tháng), ví dụ 2023-06
result-month-outside = tháng { $month } không thuộc giai đoạn nào của đợt thi đua
    .hint = hãy kiểm tra lại năm, hoặc kéo dài một giai đoạn trong campaign.yaml
result-twice = dòng thứ hai của `{ $unit }` trong tháng { $month } (lần đầu { $first })
    .hint = mỗi đơn vị chỉ có một dòng cho mỗi tháng: hãy cộng số liệu vào một dòng hoặc xóa dòng lặp lại
metric-plus-too-large = tính đến ô này, tổng các số liệu mà nội dung thi đua `{ $metric }` cộng vào ({ $columns }) đã vượt quá { $max }
    .hint = hãy kiểm tra cột này xem có số nào thừa chữ số không: podium chỉ tính chính xác một nội dung thi đua đến mức tổng đó (xem docs/rules.md)
metric-minus-too-large = tính đến ô này, tổng các số liệu mà nội dung thi đua `{ $metric }` trừ đi ({ $columns }) đã vượt quá { $max }
    .hint = hãy kiểm tra cột này xem có số nào thừa chữ số không: podium chỉ tính chính xác một nội dung thi đua đến mức tổng đó (xem docs/rules.md)
nomination-pooled-unit = `{ $unit }` thuộc nhóm `{ $group }`, nhóm này được khen thưởng theo suất chung của cả nhóm
    .hint = hãy ghi mã nhóm `{ $group }` vào cột unit
nomination-group-by-unit = nhóm `{ $group }` khen thưởng riêng từng đơn vị
    .hint = hãy ghi mã của đơn vị đề nghị khen thưởng
nomination-unknown-unit = không có đơn vị `{ $id }`
    .hint = { $suggestion }hãy dùng một mã đơn vị trong { $table } (hoặc mã nhóm, nếu nhóm khen thưởng theo suất chung)
nomination-unknown-kind = không có loại khen thưởng `{ $kind }`
    .hint = hãy ghi `collective` (tập thể) hoặc `individual` (cá nhân)
nomination-empty-name = tên được đề nghị đang để trống
    .hint = hãy ghi tên cá nhân hoặc tập thể được đề nghị khen thưởng

## Sổ tính (src/load/workbook/)

workbook-hidden-sheet = trang tính '{ $sheet }' đang bị ẩn: podium không đọc trang tính ẩn
    .hint = nếu trang có số liệu của tháng này, hãy hiện lại (bấm chuột phải vào thẻ tên trang › Bỏ ẩn (Unhide)); nếu là bản sao cũ, hãy xóa đi
workbook-month-twice = trang tính thứ hai cho tháng { $month } (trang đầu là '{ $first }')
    .hint = mỗi tháng chỉ có một trang tính: hãy xóa bản sao cũ hoặc sửa lại tháng trong tên trang
workbook-two-places = bảng { $table } đang được giữ ở hai nơi: { $first } và { $other }
    .hint = chỉ giữ bảng ở một nơi: hãy xóa (hoặc chuyển ra khỏi data/) nơi không phải bản mới nhất
workbook-place-months = { $place } (mỗi tháng một trang tính)
workbook-no-sheet-read = podium không đọc trang tính nào của sổ này: không trang nào được đặt tên theo một bảng hay một tháng
    .hint = hãy đặt tên các trang là units, targets, results, nominations (hoặc don-vi, chi-tieu, ket-qua, de-nghi), hoặc theo tháng như 2023-06 (xem docs/formats.md); chuyển các sổ tính khác ra khỏi data/
workbook-sheet-not-a-month = podium không đọc trang tính '{ $sheet }': tên trang giống một tháng nhưng không đọc được là tháng nào
    .hint = hãy đặt tên trang tháng theo tháng và năm đủ bốn chữ số: 2023-06, T6-2023 hoặc Tháng 6-2023; nếu trang không chứa kết quả của tháng nào, hãy đặt một tên không giống tháng
workbook-too-large = sổ tính nặng { $size } MB, quá mức podium đọc được ({ $max } MB)
    .hint = hãy tách số liệu ra nhiều sổ tính
workbook-empty = tệp rỗng: đây không phải là bảng tính Excel (.xlsx, .xls) hay OpenDocument (.ods)
    .hint = hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu thành Excel Workbook (.xlsx); tệp CSV phải có đuôi .csv
workbook-not-a-workbook = tệp không phải là sổ tính: đây không phải là bảng tính Excel (.xlsx, .xls) hay OpenDocument (.ods)
    .hint = hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu thành Excel Workbook (.xlsx); tệp CSV phải có đuôi .csv
workbook-unreadable = không đọc được sổ tính: { $error }
    .hint = hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại thành Excel Workbook (.xlsx)
workbook-not-zip = podium không đọc được sổ tính này: { $error }
    .hint = hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại thành Excel Workbook (.xlsx)
workbook-not-zip-archive = tệp không phải là tệp nén zip, hoặc đã bị cắt mất một phần
workbook-too-many-parts = sổ tính có { $count } phần, nhiều hơn mức { $max }
    .hint = hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại thành Excel Workbook (.xlsx)
workbook-damaged = sổ tính bị hỏng: { $error }
    .hint = hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại thành Excel Workbook (.xlsx)
workbook-part-too-large = phần { $part } của sổ tính nặng { $size } MB khi giải nén, quá mức podium đọc được ({ $max } MB)
    .hint = đây không phải là một bảng tính thông thường: nếu đúng là bảng tính, hãy tách số liệu ra nhiều sổ tính
workbook-inflates-too-large = sổ tính nặng hơn { $max } MB khi giải nén
    .hint = đây không phải là một bảng tính thông thường: nếu đúng là bảng tính, hãy tách số liệu ra nhiều sổ tính
workbook-part-long-text = phần { $part } của sổ tính có một đoạn văn bản dài hơn { $max } KB không xen thẻ đánh dấu nào
    .hint = mỗi ô chứa tối đa 32.767 ký tự: tệp này không do chương trình bảng tính tạo ra
cell-formula-error = công thức trong ô này cho kết quả { $error }
    .hint = hãy sửa công thức (#REF! nghĩa là công thức trỏ tới các ô đã bị xóa), hoặc gõ thẳng con số
cell-number-not-month = ô này chứa số { $number }, không phải một tháng
    .hint = hãy gõ tháng dưới dạng ngày (1/6/2023) hoặc dạng văn bản 2023-06
cell-decimal = `{ $value }` không phải là số nguyên
    .hint = số liệu là số đếm: hãy gõ số nguyên; nếu ô là công thức, hãy làm tròn bằng hàm ROUND
cell-date-not-number = ô này chứa ngày { $date }, không phải một số
    .hint = chương trình bảng tính đã đổi nội dung gõ vào thành ngày: hãy định dạng ô là Số (Number) rồi gõ lại
cell-date-not-text = ô này chứa ngày { $date }, không phải văn bản
    .hint = chương trình bảng tính đã đổi nội dung gõ vào thành ngày: hãy định dạng ô là Văn bản (Text) rồi gõ lại
cell-number-as-text = `{ $value }` là số được lưu dưới dạng văn bản
    .hint = podium chỉ đọc số liệu từ ô dạng số: hãy chọn các ô, bấm vào biểu tượng cảnh báo › Chuyển đổi thành Số (Convert to Number) (hoặc định dạng ô là Số rồi gõ lại)
cell-control-character = ô này chứa một ký tự điều khiển vô hình ({ $code })
    .hint = hãy gõ lại nội dung ô (văn bản chép từ tệp PDF hay trang web thường mang theo các ký tự như vậy)
cells-merged = các ô { $range } đang được gộp
    .hint = hãy bỏ gộp ô (Trang đầu › Phối & Căn giữa, trong Excel tiếng Anh: Home › Merge & Center) rồi ghi giá trị vào từng ô: podium đọc vùng ô gộp như một ô, các ô còn lại là trống
