#!/usr/bin/env bash
# check_url URL EXPECTED_STATUS TIMEOUT EXPECT_TEXT: one HTTP health check, as one JSON object.
set -euo pipefail

url=${1:?check_url: the URL is required}
expected=${2:-200}
timeout=${3:-10}
expect_text=${4:-}
case "$url" in http://* | https://*) ;; *) echo "check_url: \"$url\" is not an http(s) URL" >&2; exit 2 ;; esac
for number in "$expected" "$timeout"; do
  [[ "$number" =~ ^[0-9]+$ ]] || { echo "check_url: status and timeout must be whole numbers" >&2; exit 2; }
done

json_string() {
  local text=$1
  text=${text//\\/\\\\}
  text=${text//\"/\\\"}
  text=${text//$'\n'/ }
  printf '"%s"' "$text"
}

body=$(mktemp)
errors=$(mktemp)
trap 'rm -f "$body" "$errors"' EXIT
error=""
if ! measured=$(curl -sS -o "$body" -w '%{http_code} %{time_total}' --max-time "$timeout" -- "$url" 2>"$errors"); then
  error=$(head -n 1 "$errors")
  error=${error#curl: }
fi
read -r status seconds <<<"${measured:-000 0}"
status=$((10#$status))
ok=false
if [[ -z "$error" && "$status" -eq "$expected" ]]; then
  if [[ -z "$expect_text" ]] || grep -qF -- "$expect_text" "$body"; then
    ok=true
  else
    error="the body does not contain the expected text"
  fi
elif [[ -z "$error" ]]; then
  error="status $status, expected $expected"
fi
printf '{"url":%s,"status":%d,"expected_status":%d,"ok":%s,"seconds":%s,"error":%s}\n' \
  "$(json_string "$url")" "$status" "$expected" "$ok" "$seconds" "$(json_string "$error")"
