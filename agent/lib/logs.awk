# Log lines ("ISO<TAB>level<TAB>message") to the logs answer's data, newest kept when
# the byte budget runs out. Needs json.awk; run with LC_ALL=C, -F '\t', -v budget=BYTES.
# Lines in another shape (a stray write, a torn line) are skipped rather than guessed at.
BEGIN { n = 0; cut = 0 }
$1 ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9](\.[0-9]+)?Z$/ && $2 ~ /^(error|warn|info|debug)$/ {
  msg = substr($0, length($1) + length($2) + 3)
  if (length(msg) > 2000) { msg = substr(msg, 1, 2000); cut = 1 }
  line[++n] = "{\"ts\":\"" $1 "\",\"level\":\"" $2 "\",\"msg\":" jstr(msg) "}"
}
END {
  used = 0; first = n + 1
  for (i = n; i >= 1; i--) {
    if (used + length(line[i]) + 1 > budget) { cut = 1; break }
    used += length(line[i]) + 1; first = i
  }
  printf "{\"lines\":["
  for (i = first; i <= n; i++) printf "%s%s", (i > first ? "," : ""), line[i]
  printf "],\"truncated\":%s}", cut ? "true" : "false"
}
