# Turns text on stdin into one JSON string literal (lines joined with \n); needs json.awk.
# -v max=N cuts the text to N bytes first (0 = no limit). Run with LC_ALL=C.
{ text = (NR == 1) ? $0 : text "\n" $0 }
END {
  if (max > 0 && length(text) > max) text = substr(text, 1, max)
  printf "%s", jstr(text)
}
