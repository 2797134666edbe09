# JSON string escaping for the agent's awk programs. Run with LC_ALL=C.
BEGIN {
  for (i = 1; i < 32; i++) JESC[sprintf("%c", i)] = sprintf("\\u%04x", i)
  JESC["\b"] = "\\b"; JESC["\t"] = "\\t"; JESC["\n"] = "\\n"; JESC["\f"] = "\\f"; JESC["\r"] = "\\r"
  JESC["\""] = "\\\""; JESC["\\"] = "\\\\"
  JNEED = "[\"\\\\" sprintf("%c", 1) "-" sprintf("%c", 31) "]"
}

# s as a JSON string literal, quotes included.
# Copies runs of plain text whole: a 2,000-byte message is not rebuilt byte by byte.
function jstr(s,    out) {
  out = ""
  while (match(s, JNEED)) {
    out = out substr(s, 1, RSTART - 1) JESC[substr(s, RSTART, 1)]
    s = substr(s, RSTART + 1)
  }
  return "\"" out s "\""
}
