# Reads one JSON document (the agent config) and either validates it against the
# protocol v1 config schema or prints one field. Run with LC_ALL=C (byte semantics).
#   awk -v mode=check -f config.awk FILE   -> "ok canonical" | "ok not-canonical" | "error<TAB>msg; msg"
#   awk -v mode=get -v path=.mis.product -f config.awk FILE -> the raw JSON token
# Strings are printed as their raw JSON contents (escapes kept), so callers can
# place them inside JSON again without decoding. Nothing here is ever run as shell.

BEGIN {
  for (i = 1; i < 32; i++) CTL[sprintf("%c", i)] = 1
  for (i = 128; i < 256; i++) ORD[sprintf("%c", i)] = i
  SIMPLE_ESC = "\"\\/bfnrt"
  T = ""
}

{ T = (NR == 1) ? $0 : T "\n" $0 }

END {
  N = length(T); P = 1; ERR = ""; NONCANON = 0
  canon = pvalue("", 0)
  if (ERR == "") { ws(); if (P <= N) perr("text after the JSON document") }
  if (mode == "get") { if (ERR == "" && (path in VAL)) print VAL[path]; exit (ERR == "" && (path in VAL)) ? 0 : 1 }
  if (ERR != "") { print "error\tnot valid JSON: " ERR; exit 1 }
  validate()
  if (NERR > 0) { msg = PROBLEM[1]; for (i = 2; i <= NERR && i <= 5; i++) msg = msg "; " PROBLEM[i]; print "error\t" msg; exit 1 }
  print (canon == T && !NONCANON) ? "ok canonical" : "ok not-canonical"
}

# ---- parser: returns the canonical form of what it read -----------------------

function perr(msg) { if (ERR == "") ERR = msg " at byte " P }
function ws() { while (P <= N && index(" \t\n\r", substr(T, P, 1)) > 0) P++ }

function pvalue(path, depth,    c) {
  if (depth > 16) { perr("nested too deeply"); return "" }
  ws(); c = substr(T, P, 1)
  if (c == "{") return pobject(path, depth)
  if (c == "[") return parray(path, depth)
  if (c == "\"") { TYPE[path] = "string"; VAL[path] = pstring(); return "\"" VAL[path] "\"" }
  if (c == "-" || (c >= "0" && c <= "9")) return pnumber(path)
  if (substr(T, P, 4) == "true") { P += 4; TYPE[path] = "bool"; VAL[path] = "true"; return "true" }
  if (substr(T, P, 5) == "false") { P += 5; TYPE[path] = "bool"; VAL[path] = "false"; return "false" }
  if (substr(T, P, 4) == "null") { P += 4; TYPE[path] = "null"; VAL[path] = "null"; return "null" }
  perr(P > N ? "unexpected end" : "unexpected character"); return ""
}

function pobject(path, depth,    n, i, j, c, v, key, keys, vals, seen, out, list) {
  P++; n = 0; ws()
  if (substr(T, P, 1) == "}") { P++ } else {
    while (ERR == "") {
      ws()
      if (substr(T, P, 1) != "\"") { perr("expected a key"); return "" }
      key = pstring(); if (ERR != "") return ""
      if (key in seen) { perr("duplicate key \"" key "\""); return "" }
      seen[key] = 1
      ws(); if (substr(T, P, 1) != ":") { perr("expected ':'"); return "" }
      P++
      v = pvalue(path "." key, depth + 1); if (ERR != "") return ""
      # Insertion sort keeps members in key order, as canonical JSON requires.
      for (i = n; i >= 1 && keys[i] > key; i--) { keys[i + 1] = keys[i]; vals[i + 1] = vals[i] }
      keys[i + 1] = key; vals[i + 1] = v; n++
      ws(); c = substr(T, P, 1); P++
      if (c == "}") break
      if (c != ",") { P--; perr("expected ',' or '}'"); return "" }
    }
  }
  out = ""; list = ""
  for (j = 1; j <= n; j++) { out = out (j > 1 ? "," : "") "\"" keys[j] "\":" vals[j]; list = list (j > 1 ? "," : "") keys[j] }
  TYPE[path] = "object"; KEYS[path] = list; VAL[path] = "{" out "}"
  return VAL[path]
}

function parray(path, depth,    n, out, v, c) {
  P++; n = 0; out = ""; ws()
  if (substr(T, P, 1) == "]") { P++ } else {
    while (ERR == "") {
      v = pvalue(path "[" n "]", depth + 1); if (ERR != "") return ""
      out = out (n > 0 ? "," : "") v; n++
      ws(); c = substr(T, P, 1); P++
      if (c == "]") break
      if (c != ",") { P--; perr("expected ',' or ']'"); return "" }
    }
  }
  TYPE[path] = "array"; LEN[path] = n; VAL[path] = "[" out "]"
  return VAL[path]
}

# At an opening quote; returns the raw contents and leaves P after the closing quote.
function pstring(    start, c, e, hex) {
  start = ++P
  while (P <= N) {
    c = substr(T, P, 1)
    if (c == "\"") { P++; return substr(T, start, P - start - 1) }
    if (c in CTL) { perr("control character inside a string"); return "" }
    if (c == "\\") {
      e = substr(T, P + 1, 1)
      if (e == "u") {
        hex = substr(T, P + 2, 4)
        if (hex !~ /^[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]$/) { perr("bad \\u escape"); return "" }
        # JSON.stringify writes \u only for control characters without a short form, in lower case.
        if (hex !~ /^00[01][0-9a-f]$/ || hex ~ /^000[89acd]$/) NONCANON = 1
        P += 6; continue
      }
      if (e == "" || index(SIMPLE_ESC, e) == 0) { perr("bad escape"); return "" }
      if (e == "/") NONCANON = 1
      P += 2; continue
    }
    P++
  }
  perr("unterminated string"); return ""
}

function pnumber(path,    rest) {
  rest = substr(T, P)
  if (!match(rest, /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/)) { perr("bad number"); return "" }
  TYPE[path] = "number"; VAL[path] = substr(rest, 1, RLENGTH); P += RLENGTH
  if (VAL[path] ~ /[.eE]/ || VAL[path] == "-0") NONCANON = 1
  return VAL[path]
}

# ---- schema (protocol v1 AgentConfigSchema) --------------------------------

function problem(msg) { PROBLEM[++NERR] = msg }

# Length in UTF-16 code units, as the console's schema counts it.
function jlen(raw,    i, n, c, len) {
  len = 0; n = length(raw)
  for (i = 1; i <= n; i++) {
    c = substr(raw, i, 1)
    if (c == "\\") { i += (substr(raw, i + 1, 1) == "u") ? 5 : 1; len++ }
    else if (!(c in ORD)) len++
    else if (ORD[c] >= 240) len += 2
    else if (ORD[c] >= 192) len++
  }
  return len
}

function keys_are(path, want, name) {
  if (TYPE[path] != "object") { problem(name " must be an object"); return 0 }
  if (KEYS[path] != want) { problem(name " must have exactly the keys " want " (has " (KEYS[path] == "" ? "none" : KEYS[path]) ")"); return 0 }
  return 1
}

function text(path, min, max, name,    l) {
  if (TYPE[path] != "string") { problem(name " must be a string"); return 0 }
  l = jlen(VAL[path])
  if (l < min || l > max) { problem(name " must be " min ".." max " characters"); return 0 }
  return 1
}

function times_list(path, name,    i) {
  if (TYPE[path] != "array" || LEN[path] < 1 || LEN[path] > 24) { problem(name " must be a list of 1..24 times"); return }
  for (i = 0; i < LEN[path]; i++)
    if (TYPE[path "[" i "]"] != "string" || VAL[path "[" i "]"] !~ /^([01][0-9]|2[0-3]):[0-5][0-9]$/) { problem(name " times must be HH:MM"); return }
}

function days_list(path, name,    i) {
  if (TYPE[path] != "array" || LEN[path] < 1 || LEN[path] > 7) { problem(name " must be a list of 1..7 days"); return }
  for (i = 0; i < LEN[path]; i++)
    if (TYPE[path "[" i "]"] != "number" || VAL[path "[" i "]"] !~ /^[1-7]$/) { problem(name " days must be whole numbers 1..7"); return }
}

# Protocol 1.1: the datasets the agent sends, each named once; absent means all four.
function enabled_list(path,    i, v, seen) {
  if (TYPE[path] != "array" || LEN[path] < 1 || LEN[path] > 4) { problem("enabled must be a list of 1..4 datasets"); return }
  for (i = 0; i < LEN[path]; i++) {
    v = VAL[path "[" i "]"]
    if (TYPE[path "[" i "]"] != "string" || v !~ /^(pupils|attendance|exclusions|assessment)$/) { problem("enabled datasets must be pupils, attendance, exclusions or assessment"); return }
    if (v in seen) { problem("enabled names " v " twice"); return }
    seen[v] = 1
  }
}

function validate(    ds, d, i, url, want) {
  NERR = 0
  want = "days,endpointUrl,logLevel,mis,proxy,schedule,schoolId"
  # enabled is the one optional key (protocol 1.1).
  if (KEYS[""] == "days,enabled,endpointUrl,logLevel,mis,proxy,schedule,schoolId") want = KEYS[""]
  if (!keys_are("", want, "the config")) return
  if (".enabled" in TYPE) enabled_list(".enabled")
  url = VAL[".endpointUrl"]
  if (TYPE[".endpointUrl"] != "string" || url !~ /^https:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]+)?([\/?#][^ ]*)?$/ || length(url) > 2048)
    problem("endpointUrl must be an https:// URL")
  if (TYPE[".schoolId"] != "string" || VAL[".schoolId"] !~ /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9]$/) problem("schoolId must be the 7-digit LAESTAB")
  if (keys_are(".mis", "database,product,server", "mis")) {
    text(".mis.product", 1, 40, "mis.product"); text(".mis.server", 1, 253, "mis.server"); text(".mis.database", 1, 128, "mis.database")
  }
  split("pupils attendance exclusions assessment", ds, " ")
  if (keys_are(".schedule", "assessment,attendance,exclusions,pupils", "schedule"))
    for (i = 1; i <= 4; i++) times_list(".schedule." ds[i], "schedule." ds[i])
  if (keys_are(".days", "assessment,attendance,exclusions,pupils", "days"))
    for (i = 1; i <= 4; i++) days_list(".days." ds[i], "days." ds[i])
  if (TYPE[".logLevel"] != "string" || VAL[".logLevel"] !~ /^(error|warn|info|debug)$/) problem("logLevel must be error, warn, info or debug")
  if (TYPE[".proxy"] != "null") text(".proxy", 0, 253, "proxy")
}
