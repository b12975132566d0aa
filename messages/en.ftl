# podium's messages in English (language: en, or --lang en).
# Each entry: its value is the message; `.hint` is how to fix it (printed after " — ").
# The same ids, with the same arguments, are in vi.ftl (tests/messages.rs checks it).
# A literal brace is written {"{"} and {"}"}.

## The words of every line

severity-error = error
severity-warning = warning
did-you-mean = did you mean `{ $word }`?{" "}
list-more = { $list }, … ({ $count } in all)
summary-counts = { $errors ->
        [one] { $errors } error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] { $warnings } warning
       *[other] { $warnings } warnings
    }

## Reading files (src/load/text.rs)

file-not-found = file not found
    .hint = create { $file } (see docs/formats.md)
file-unreadable = cannot read the file: { $error }
    .hint = check that it is a file you may read (close it in the spreadsheet program, check its permissions)
file-utf16 = the file is saved as UTF-16, not UTF-8
    .hint = save it as UTF-8: in Excel "CSV UTF-8 (Comma delimited)", not "Unicode Text"
file-not-utf8 = the file is not valid UTF-8 text (byte { $byte } on this line)
    .hint = save it as UTF-8: in Excel "CSV UTF-8 (Comma delimited)", in LibreOffice or an editor "Unicode (UTF-8)" (not Windows-1258, TCVN3 or VNI)
file-windows-1258 = the file is saved in the Windows Vietnamese code page (Windows-1258), not UTF-8
    .hint = save it again from Excel as "CSV UTF-8 (Comma delimited) (*.csv)" (File › Save As › Save as type), not "CSV (Comma delimited)"
folder-outside = skipped: this folder leads outside the project, to { $target }
    .hint = podium reads only files inside the project folder: copy the folder into it, or remove the symbolic link
link-outside = skipped: this is a symbolic link to { $target }, outside the project
    .hint = podium publishes only files inside the project folder: copy the file into it, or remove the link
link-broken = skipped: this is a symbolic link to { $target }, which does not exist
    .hint = correct the link or remove it

## The commands (src/commands.rs, src/cli.rs)

failure-invalid = the input has problems (see the diagnostics)
failure-write = cannot write { $path }: { $error }
project-not-found = there is no such folder
    .hint = check the project folder's name and where it is (podium build PATH), or run podium inside it
project-no-data = no data/ folder here
    .hint = run podium in a project folder (one that holds data/site.yaml …) or name it: podium build PATH
explain-group-of-units = `{ $id }` is a group whose units are judged one by one, each against its own target
    .hint = explain one of its units: { $units }
explain-group-units-more = { $list } … ({ $count } in all)
explain-unknown-unit = unknown unit `{ $id }`
    .hint = { $suggestion }use an id from { $table }
explain-unknown-period = unknown period `{ $id }`
    .hint = { $suggestion }periods: { $periods }
epoch-out-of-range = SOURCE_DATE_EPOCH=`{ $value }` is out of range: it must be from 0 (1970-01-01) to { $last } (9999-12-31)
    .hint = set it to e.g. $(git log -1 --format=%ct) or unset it
epoch-not-a-number = SOURCE_DATE_EPOCH=`{ $value }` is not a whole number of seconds since 1970-01-01
    .hint = set it to e.g. $(git log -1 --format=%ct) or unset it
summary-more-warnings = … and { $count } more { $count ->
        [one] warning
       *[other] warnings
    } — run `podium check` to list them all
summary-check-ok = ok: { $units } units in { $groups } groups, { $periods } periods, data up to { $up_to }
summary-no-results = (no results yet)
summary-built = built { $pages } pages into { $output } ({ $files } files: { $changed } changed, { $unchanged } unchanged)
summary-progress = building the site
summary-init = wrote a new project into { $dir } ({ $files } files): an example campaign to replace with yours
summary-init-next = next: edit the files in data/ (their comments explain every key), then { $check } and { $build }
summary-template = wrote { $file }: { $units } units, { $months ->
        [one] { $months } month sheet
       *[other] { $months } month sheets
    }
summary-template-move = to use it: move it into data/ and move { $tables } out of data/ (a table is kept in one place only)

## The output folder (src/output/)

output-foreign = the folder is not empty and was not created by podium (no { $marker } file)
    .hint = choose an empty or new folder with -o, or add --force to replace it
output-refused = podium will not write the site here: { $why }
    .hint = a build replaces its output folder as a whole, with or without --force: build into the project's site/ folder (leave out -o) or into a new folder outside data/ and themes/
output-not-a-folder = this is a file, not a folder
    .hint = name a folder for the site with -o (podium never replaces a file, even with --force)
output-broken-link = this is a symbolic link to a folder that does not exist
    .hint = create the folder it points to, or name another folder with -o
output-io = { $error }
refusal-root = it is the root of a file system
refusal-home = it is your home folder
refusal-holds-home = it holds your home folder
refusal-working-folder = it is the folder you are working in
refusal-holds-working-folder = it holds the folder you are working in
refusal-project = it is the project folder
refusal-holds-project = it holds the project
refusal-input = it is the project's { $folder }/ folder, which podium reads
refusal-inside-input = it is inside the project's { $folder }/ folder, which podium reads
refusal-holds-input = it holds the project's { $folder }/ folder, which podium reads
refusal-other-project = it is another podium project (it holds data/site.yaml)
refusal-repository = it is a git repository (it holds .git)

## Pages and news (src/load/docs.rs)

doc-same-address = `{ $other }` and `{ $file }` would both be published at the same address ({ $slug })
    .hint = rename one of the files or give one a different `slug:` in its front matter
doc-no-front-matter = the front matter is missing
    .hint = start the file with a line `---`, then `title: "…"`, then a line `---`, then the text
doc-title-empty = the title is empty
    .hint = write the title after `title:`, e.g. title: "Kế hoạch thi đua"
doc-bad-slug = `{ $slug }` cannot be used as an address
    .hint = name the file (or set `slug:`) with lower-case letters a–z, digits and single hyphens, e.g. ke-hoach.md
doc-reserved-slug = the page address `{ $slug }` is used by the site itself
    .hint = rename the page: { $reserved } are reserved
doc-bad-date = `{ $value }` is not a date
    .hint = write it as YYYY-MM-DD
doc-news-no-date = a news post needs a date
    .hint = add `date: YYYY-MM-DD` to the front matter or start the file name with it, e.g. 2022-03-10-phat-dong.md

## Themes (src/load/theme.rs)

theme-not-found = theme `{ $name }` not found: there is no folder { $folder }/
    .hint = create the folder or write `theme: default`
link-loop = skipped: this symbolic link leads back into a folder above it
    .hint = remove the link
theme-file-unreadable = cannot read the file: { $error }
theme-unknown-string = unknown interface string `{ $key }`
    .hint = { $suggestion }the keys are those of themes/default/i18n/{ $language }.yaml
theme-unknown-strings-more = { $count } more unknown interface strings ({ $listed } are listed)
    .hint = the keys are those of themes/default/i18n/{ $language }.yaml
theme-safe-value = `safe` prints `{ $value }` without escaping: text from the data would be published as HTML
    .hint = remove `| safe`: podium escapes text for you; it is meant only for `body`, `chart` and `css`, which are HTML already
theme-safe-block = `safe` prints `a block` without escaping: text from the data would be published as HTML
    .hint = remove `| safe`: podium escapes text for you; it is meant only for `body`, `chart` and `css`, which are HTML already
theme-autoescape-false = `autoescape false` prints every value of its block without escaping: text from the data would be published as HTML
    .hint = remove the autoescape block: podium escapes text for you

## Characters and nesting (src/load/bounds/)

char-bidi = an invisible character that changes the direction of text
char-control = an invisible control character
char-in-text = { $what } ({ $code }) is in the text here
    .hint = delete it: retype the text around this place (such characters come from copying out of another program)
chars-more = { $count } more invisible control characters in this file (the first { $listed } are listed)
    .hint = check how the file was made: save it again as UTF-8 text from the spreadsheet program or editor
char-reference = `{ $source }` writes { $what } ({ $code }) into the text
    .hint = remove it
char-written = { $what } ({ $code }) is written into the text here
    .hint = remove it
markdown-too-deep = the text is nested deeper than { $depth } levels here (block quotes, lists, emphasis or links inside one another)
    .hint = a page needs a few levels at most: remove the extra `>`, list markers or `*` at this place
html-too-deep = HTML tags are nested deeper than { $depth } levels here
    .hint = close each tag where it should end (`<div>` … `</div>`), or write the text in Markdown
html-too-costly = the HTML here is too costly to read: too many tags are left open or closed out of order
    .hint = close each tag where it should end, in the order they were opened (`<b><i>` … `</i></b>`), or write the text in Markdown
yaml-too-deep = the YAML is nested deeper than { $depth } levels here (lists and blocks inside one another)
    .hint = podium's files need a few levels at most: close each `[` and `{"{"}` where it should end, and put text that starts with `[` or `{"{"}` in quotes
yaml-escape-char = `{ $escape }` writes { $what } ({ $code }) into the text
    .hint = remove it from the quoted text

## YAML files (src/load/yaml/mod.rs)

yaml-unknown-key = unknown key `{ $key }`
    .hint = { $suggestion }allowed keys here: { $allowed }
yaml-missing-key = missing required key `{ $key }`
    .hint = add `{ $key }:` to this block (see docs/formats.md)
yaml-duplicate-key = duplicate key `{ $key }`
    .hint = a key may appear only once in the same block: remove or merge one of them
yaml-duplicate-key-line = duplicate key `{ $key }` (first on line { $first })
    .hint = a key may appear only once in the same block: remove or merge one of them
yaml-tab = malformed YAML: this line is indented with a tab
    .hint = indent with spaces only (two per level), like the lines around it
yaml-unclosed-quote = malformed YAML: this quote is not closed on its line
    .hint = end the quoted text with the same quote mark on the same line, e.g. title: "Năm 2022"
yaml-malformed = malformed YAML: { $detail }
    .hint = check the indentation (spaces, not tabs), the colons and the quotes around this place; put text containing ": " or " #" in quotes
yaml-wrong-type = { $detail }
    .hint = check the value's type (text, whole number, list or mapping) against docs/formats.md
awards-too-many = `{ $kind }: { $count }` in { $whose } is too large (at most { $max } of a kind)
    .hint = check for a typo or extra digits: an award count is a number of certificates (see docs/formats.md)

## Groups (src/load/yaml/groups.rs)

group-bad-id = group id `{ $id }` is not a valid slug
    .hint = use lower-case letters, digits and single hyphens, at most 64 characters, e.g. nhom-1
group-duplicate-id = duplicate group id `{ $id }`
    .hint = give every group its own id
group-empty-name = group `{ $id }` has an empty name
    .hint = write the name the site shows for it, e.g. name: "Nhóm 1"
group-unknown-metric = unknown metric `{ $metric }` in the rule of group `{ $id }`
    .hint = { $suggestion }metrics defined in campaign.yaml: { $metrics }
group-unknown-basis = unknown basis `{ $basis }`
    .hint = write `basis: unit` (each unit against its own target) or `basis: overall` (the campaign total)
percent-decimal-comma = `{ $value }` is not a percentage
    .hint = write the decimal with a dot: "{ $fixed }%"
percent-invalid = `{ $value }` is not a percentage
    .hint = write a number of percent from 0 up, with at most four decimals, e.g. "110%" or "109.5%"
bonus-below-qualify = bonus level { $at }% is below qualify_at { $qualify }% in group `{ $id }`
    .hint = a bonus applies only to units that qualify: raise `at` to at least qualify_at
bonus-twice = two bonus levels at { $at }% in group `{ $id }`
    .hint = merge them into one level
awards-of-bonus = the { $at }% bonus of group `{ $id }`
awards-of-group = the awards of group `{ $id }`
bonus-any-pool-unit = group `{ $id }` gives an `any` pool in its { $at }% bonus with `basis: unit`
    .hint = a pool of awards for either kind belongs to a whole group: use `basis: overall`, or split it into collective and individual
group-any-pool-unit = group `{ $id }` gives an `any` pool with `basis: unit`
    .hint = a pool of awards for either kind belongs to a whole group: use `basis: overall`, or split it into collective and individual
groups-none = no groups defined
    .hint = define at least one group under `groups:`
group-download-clash = group `{ $group }` with period `{ $period }` would publish its ranking as { $file }, the file of group `{ $other_group }` with period `{ $other_period }`
    .hint = rename the group or the period, so that no group id and period id joined by a hyphen spell another pair

## The campaign (src/load/yaml/campaign.rs)

campaign-bad-id = campaign id `{ $id }` is not a valid slug
    .hint = use lower-case letters, digits and single hyphens, e.g. pt-doan-vien-2022-2023
campaign-title-empty = the campaign title is empty
    .hint = write the campaign's full name, as the plan gives it
campaign-bad-date = `{ $key }: { $value }` is not a date
    .hint = write the date as YYYY-MM-DD, e.g. 2022-03-01
campaign-ends-first = the campaign ends ({ $ends }) before it starts ({ $starts })
    .hint = swap `starts` and `ends` or correct the year
metric-bad-id = metric id `{ $id }` must use lower-case letters, digits, `_` or `-`
    .hint = rename it, e.g. members_net
metric-no-columns = metric `{ $id }` names no column of the results table (results.csv or the workbook's results sheets)
    .hint = list the columns it adds under `plus:` (and those it subtracts under `minus:`)
metric-empty-label = metric `{ $id }` has an empty label
    .hint = write the name the site shows for it, e.g. label: "Phát triển đoàn viên"
metric-not-figure = metric `{ $id }` uses `{ $column }`, which is not a figure column
    .hint = name columns of the results table that hold figures (results.csv or the workbook's results sheets), e.g. members_added
metrics-none = no metrics defined
    .hint = define at least one metric under `metrics:`
columns-unread = `columns:` names `{ $name }`, which no metric reads
    .hint = { $suggestion }the columns the metrics read are: { $columns }
columns-unread-more = `columns:` names { $count } more columns no metric reads ({ $listed } are listed)
    .hint = the columns the metrics read are: { $columns }
period-bad-id = period id `{ $id }` is not a valid slug
    .hint = use lower-case letters, digits and single hyphens, e.g. "2022"
period-duplicate-id = duplicate period id `{ $id }`
    .hint = give every period its own id
period-bad-month = `{ $key }: { $value }` is not a month
    .hint = write the month as YYYY-MM, e.g. 2022-01
period-ends-first = period `{ $id }` ends ({ $to }) before it starts ({ $from })
    .hint = correct `from` or `to`: a period runs from its first month to its last, inclusive
period-overlap = period `{ $id }` ({ $from } to { $to }) overlaps period `{ $other }` ({ $other_from } to { $other_to })
    .hint = a month may belong to one period only: correct `from` or `to`
overall-target-not-positive = overall target for `{ $metric }` is { $value }, but targets must be positive
    .hint = write a whole number greater than 0, or remove it for "no target"
overall-target-unknown-metric = unknown metric `{ $metric }` in overall_target
    .hint = { $suggestion }metrics are: { $metrics }
overall-target-unknown-more = overall_target names { $count } more unknown metrics ({ $listed } are listed)
    .hint = metrics are: { $metrics }
awards-national = national_awards of period `{ $id }`
periods-none = no periods defined
    .hint = define at least one period under `periods:`
periods-too-long = the periods span { $span } months ({ $from } to { $to }), more than the { $max } (10 years) podium handles
    .hint = check the years of `from` and `to`: a typo such as 2923 for 2023 stretches the campaign
first-on-line = {" "}(first on line { $line })
metric-adds-twice = metric `{ $id }` adds `{ $column }` twice{ $first }
    .hint = list each column once: a column listed twice counts twice
metric-subtracts-twice = metric `{ $id }` subtracts `{ $column }` twice{ $first }
    .hint = list each column once: a column listed twice counts twice
metric-adds-and-subtracts = metric `{ $id }` both adds and subtracts `{ $column }`{ $first }
    .hint = a column belongs under `plus:` or under `minus:`, not both: remove it from one of them

## The site (src/load/yaml/site.rs)

site-unknown-language = unknown language `{ $language }`
    .hint = write `language: vi` (Vietnamese) or `language: en` (English)
site-base-url-empty = base_url is empty, so feed.xml and sitemap.xml cannot give absolute addresses
    .hint = set `base_url:` to the address where the site is published, e.g. https://example.org/thi-dua (ignore this for a site read only from disk)
site-base-url-relative = base_url `{ $url }` is not an absolute http(s) address
    .hint = write the full address, e.g. https://example.org/thi-dua, or leave it empty
site-bad-theme = theme name `{ $theme }` is not a folder name of lower-case letters, digits and hyphens
    .hint = name the theme like its folder in themes/, e.g. `default`
site-title-empty = the site title is empty
    .hint = write a title
period-not-started = period `{ $id }` has no results yet (it starts in { $from }, the data ends in { $as_of })
    .hint = nothing to do if the period has not started; its pages show it as not started

## Checks on the results (src/validate.rs)

nomination-no-target = no target
nomination-no-overall-target = no overall target
nomination-not-qualified = `{ $id }` did not qualify in period `{ $period }` ({ $why }), so it has no award to propose ({ $names } name(s) listed)
    .hint = remove its rows for this period, or correct the figures if they are wrong
nomination-collective-too-many = one collective name too many for `{ $id }` in period `{ $period }`: it earned { $quota }
    .hint = remove this row or move it to another kind the quota allows
nomination-individual-too-many = one individual name too many for `{ $id }` in period `{ $period }`: it earned { $quota }
    .hint = remove this row or move it to another kind the quota allows
quota-any = { $count } of either kind
quota-collective = { $count } collective
quota-individual = { $count } individual
results-empty = there are no results in { $table } yet
    .hint = add the first month's figures
overall-no-target = group `{ $group }` is judged on the campaign total, but period `{ $period }` has no overall_target for { $metric }: the group earns nothing
    .hint = add `{ $metric }: …` to the period's overall_target if the level above assigned one
unit-no-target = `{ $unit }` has no { $metric } target for period `{ $period }`: it is listed unranked and earns nothing
    .hint = add its row to { $table } if a target was assigned
unit-not-reported = `{ $unit }` has not reported { $month }
    .hint = add its row when the figures arrive; the site marks the month "not reported"
results-spike = { $column } of `{ $unit }` in { $month } is { $value }, more than ten times its usual { $usual }
    .hint = check for a typo (an extra digit?); if the figure is right, ignore this warning
static-is-built-file = `{ $path }` is a file the build writes itself
    .hint = move the file under assets/ (or another folder of your own) and link it from there
static-is-built-folder = `{ $path }` is a folder the build writes itself, so a file cannot have its name
    .hint = move the file under assets/ (or another folder of your own) and link it from there
static-needs-folder = `{ $path }` needs a folder `{ $above }`, but the build writes a file there
    .hint = move the file under assets/ (or another folder of your own) and link it from there

## Templates and rendering (src/render/)

template-syntax = template error: { $error }
    .hint = fix the template syntax
template-render = template error: { $error }
    .hint = fix the template
template-built-in = template error: { $error }
    .hint = report this as a bug
card-failed = { $error }
    .hint = report this as a bug

## Commands added with init, template and serve (src/init.rs, src/template.rs, src/serve.rs)

template-make-failed = cannot make the workbook: { $error }
template-exists = the file exists already
    .hint = podium template never replaces a file: name another (podium template FILE) or move this one away
template-write-failed = cannot write the workbook: { $error }
    .hint = check the folder exists and you may write in it
init-unreadable = cannot read this folder: { $error }
init-not-empty = this folder is not empty (it holds { $names })
    .hint = podium init writes a new project only into a new or empty folder: name a new one, e.g. podium init thi-dua
init-not-empty-more = this folder is not empty (it holds { $names }, … ({ $count } in all))
    .hint = podium init writes a new project only into a new or empty folder: name a new one, e.g. podium init thi-dua
init-is-file = this is a file, not a folder
    .hint = podium init writes a new project only into a new or empty folder: name a new one, e.g. podium init thi-dua
serve-listen-failed = cannot listen on { $address }: { $error }
    .hint = choose another port with --port, or --port 0 for any free one
serve-watch-failed = cannot watch the files: { $error }
serve-start-failed = cannot start the server: { $error }
serve-watcher-stopped = the file watcher stopped
base-url-arg-bad = --base-url `{ $url }` is not an absolute http(s) address
    .hint = write the full address the site is published at, e.g. https://example.org/thi-dua, or "" for none

## Places in the tables (src/load/table/; src/load/workbook/ writes them as rows and sheets)

place-line = on line { $line }
place-row = in row { $row }
place-sheet-row = in '{ $sheet }' row { $row }
place-table = { $file }
place-sheet = the '{ $sheet }' sheet
place-month-sheets = the month sheets

## The tables: units, targets, results, nominations (src/load/table/)

csv-header-unreadable = cannot read the header row: { $error }
    .hint = check the first line
csv-header-missing = the header row is missing
    .hint = the first line must name the columns: { $columns }
csv-column-twice = column `{ $column }` appears twice in the header
    .hint = keep one of them
csv-missing-column = missing column `{ $column }`
    .hint = { $suggestion }the header must include: { $columns }
csv-columns-more = { $count } more columns are missing (the first { $listed } are listed)
    .hint = the header must include: { $columns }
csv-columns-first = { $list },… ({ $count } columns)
csv-columns-separator = { $columns } (this file uses ; between fields; its header was read with { $separator } between fields)
csv-row-unreadable = cannot read this row: { $error }
    .hint = check its quotes
csv-row-too-wide = this row has { $cells } cells but the header names { $columns } columns
    .hint = put a cell that contains a comma in double quotes, e.g. "Công ty A, chi nhánh B", or let the spreadsheet program save the file
figure-empty = the cell is empty
    .hint = write 0 when there is nothing to report
figure-negative = `{ $value }` is negative
    .hint = figures are counts of 0 or more: put losses in their own column (e.g. members_lost)
figure-not-whole = `{ $value }` is not a whole number
    .hint = write digits only, without dots, commas or spaces, e.g. 1410
figure-too-large = `{ $value }` is too large (at most { $max })
    .hint = check for a typo or extra digits
table-unknown-unit = unknown unit `{ $id }`
    .hint = { $suggestion }use an id from { $table }, or add the unit there first
table-unknown-period = unknown period `{ $id }`
    .hint = { $suggestion }periods in campaign.yaml: { $periods }
unit-bad-id = unit id `{ $id }` is not a valid slug
    .hint = use lower-case letters a–z, digits and single hyphens, at most 64 characters, e.g. ldld-long-xuyen
unit-duplicate-id = duplicate unit id `{ $id }` (first { $first })
    .hint = every unit needs its own id: remove the repeated row or rename one
unit-empty-name = the unit's name is empty
    .hint = write its full name
unit-unknown-group = unknown group `{ $group }`
    .hint = { $suggestion }groups in groups.yaml: { $groups }
targets-no-metric = no metric column
    .hint = add a column per metric: { $metrics }
target-zero = the { $metric } target is 0
    .hint = a target must be greater than 0: leave the cell empty for "no target"
target-negative = the { $metric } target `{ $value }` is negative
    .hint = a target must be greater than 0: leave the cell empty for "no target"
target-twice = a second target row for `{ $unit }` in period `{ $period }` (first { $first })
    .hint = keep one row per unit and period
result-not-a-month = `{ $value }` is not a month
    .hint = { $how }
month-as-date = write the month as YYYY-MM: { $month }; a spreadsheet turned it into a date: keep the table in a workbook (data/*.xlsx), where a date cell is read as its month, or format the column as Text
month-as = write the month as YYYY-MM: { $month }
month-format = write the month as YYYY-MM, e.g. 2023-06
result-month-outside = month { $month } falls in no period of the campaign
    .hint = check the year, or extend a period in campaign.yaml
result-twice = a second row for `{ $unit }` in { $month } (first { $first })
    .hint = keep one row per unit and month: add the figures together or delete the repeated row
metric-plus-too-large = the figures that metric `{ $metric }` adds ({ $columns }) total more than { $max } up to this cell
    .hint = check this column for figures with extra digits: podium counts a metric exactly up to that total (see docs/rules.md)
metric-minus-too-large = the figures that metric `{ $metric }` subtracts ({ $columns }) total more than { $max } up to this cell
    .hint = check this column for figures with extra digits: podium counts a metric exactly up to that total (see docs/rules.md)
nomination-pooled-unit = `{ $unit }` belongs to `{ $group }`, whose awards are one pool for the whole group
    .hint = write the group id `{ $group }` in the unit column
nomination-group-by-unit = group `{ $group }` awards its units one by one
    .hint = write the id of the unit that proposes the name
nomination-unknown-unit = unknown unit `{ $id }`
    .hint = { $suggestion }use a unit id from { $table } (or the group id of a pooled group)
nomination-unknown-kind = unknown award kind `{ $kind }`
    .hint = write `collective` (tập thể) or `individual` (cá nhân)
nomination-empty-name = the name is empty
    .hint = write the awardee's name

## Workbooks (src/load/workbook/)

workbook-hidden-sheet = sheet '{ $sheet }' is hidden: podium does not read hidden sheets
    .hint = show it (right-click a sheet tab › Unhide) if it holds this month's data, or delete it if it is an old copy
workbook-month-twice = a second sheet for { $month } (the first is '{ $first }')
    .hint = keep one sheet per month: delete the old copy or correct the month in the sheet's name
workbook-two-places = the { $table } table is kept in two places: { $first } and { $other }
    .hint = keep it in one place: delete (or move out of data/) the one that is not up to date
workbook-place-months = { $place } (a sheet per month)
workbook-no-sheet-read = no sheet of this workbook is read: none is named like a table or a month
    .hint = name the sheets units, targets, results, nominations (or don-vi, chi-tieu, ket-qua, de-nghi), or by month like 2023-06 (see docs/formats.md); move other workbooks out of data/
workbook-sheet-not-a-month = sheet '{ $sheet }' is not read: its name looks like a month, but not one podium can read
    .hint = name a month's sheet by its month and its year in four digits: 2023-06, T6-2023 or Tháng 6-2023; if the sheet holds no month's results, give it a name that is not a month
workbook-too-large = the workbook is { $size } MB, more than podium reads ({ $max } MB)
    .hint = split its data into several workbooks
workbook-empty = the file is empty: it is neither an Excel (.xlsx, .xls) nor an OpenDocument (.ods) spreadsheet
    .hint = open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx); a CSV file is named .csv
workbook-not-a-workbook = the file is not a workbook: it is neither an Excel (.xlsx, .xls) nor an OpenDocument (.ods) spreadsheet
    .hint = open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx); a CSV file is named .csv
workbook-unreadable = cannot read the workbook: { $error }
    .hint = open it in Excel or LibreOffice and save it again as an Excel Workbook (.xlsx)
workbook-not-zip = this is not a workbook podium can read: { $error }
    .hint = open it in Excel or LibreOffice and save it again as an Excel Workbook (.xlsx)
workbook-not-zip-archive = it is not a zip archive, or it is cut short
workbook-too-many-parts = the workbook lists { $count } parts, more than { $max }
    .hint = open it in Excel or LibreOffice and save it again as an Excel Workbook (.xlsx)
workbook-damaged = the workbook is damaged: { $error }
    .hint = open it in Excel or LibreOffice and save it again as an Excel Workbook (.xlsx)
workbook-part-too-large = the workbook's part { $part } is { $size } MB once uncompressed, more than podium reads ({ $max } MB)
    .hint = this is not an ordinary spreadsheet: if it is one, split its data into several workbooks
workbook-inflates-too-large = the workbook is more than { $max } MB once uncompressed
    .hint = this is not an ordinary spreadsheet: if it is one, split its data into several workbooks
workbook-part-long-text = the workbook's part { $part } holds more than { $max } KB of text without markup
    .hint = a cell holds at most 32,767 characters: this file was not written by a spreadsheet program
cell-formula-error = the formula in this cell gives { $error }
    .hint = correct the formula (#REF! means it points at cells that were deleted), or type the figure
cell-number-not-month = this cell holds the number { $number }, not a month
    .hint = type the month as a date (1/6/2023) or as text 2023-06
cell-decimal = `{ $value }` is not a whole number
    .hint = figures are counts: type a whole number; if a formula computes it, round it with ROUND
cell-date-not-number = this cell holds the date { $date }, not a number
    .hint = the spreadsheet turned what was typed into a date: format the cell as Number and type it again
cell-date-not-text = this cell holds the date { $date }, not text
    .hint = the spreadsheet turned what was typed into a date: format the cell as Text and type it again
cell-number-as-text = `{ $value }` is a number stored as text
    .hint = podium reads figures from number cells only: select the cells, click the warning sign › Convert to Number (or format them as Number and type them again)
cell-control-character = this cell holds an invisible control character ({ $code })
    .hint = type the cell again (text copied from a PDF or a web page often brings such characters)
cells-merged = cells { $range } are merged
    .hint = unmerge them (Home › Merge & Center) and write the value in each cell: podium reads a merged range as one cell and the others as empty
