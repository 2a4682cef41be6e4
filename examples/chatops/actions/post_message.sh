#!/usr/bin/env bash
# post_message WEBHOOK_URL MESSAGE CHANNEL USERNAME DRY_RUN: one message to an incoming webhook.
set -euo pipefail

webhook=${1:?post_message: the webhook URL is required}
message=${2:?post_message: the message is required}
channel=${3:-}
username=${4:-patternhub}
case "${5:-false}" in true | True | 1 | yes) dry_run=true ;; *) dry_run=false ;; esac

json_string() {
  local text=$1
  text=${text//\\/\\\\}
  text=${text//\"/\\\"}
  text=${text//$'\n'/\\n}
  text=${text//$'\t'/\\t}
  printf '"%s"' "$text"
}

payload="{\"text\":$(json_string "$message"),\"username\":$(json_string "$username")"
[[ -n "$channel" ]] && payload+=",\"channel\":$(json_string "$channel")"
payload+="}"

if [[ "$dry_run" == true ]]; then
  printf '{"posted":false,"status":0,"payload":%s}\n' "$payload"
  exit 0
fi
case "$webhook" in https://* | http://*) ;; *) echo "post_message: the webhook URL must be http(s)" >&2; exit 2 ;; esac
# The URL holds the secret: it goes to curl on standard input, not on the command line.
status=$(printf 'url = "%s"\n' "$webhook" | curl -sS -o /dev/null -w '%{http_code}' --max-time 15 \
  -H 'Content-Type: application/json' --data-binary "$payload" -K -) || true
status=${status:-000}
if [[ "$status" != 2?? ]]; then
  echo "post_message: the webhook answered $status" >&2
  printf '{"posted":false,"status":%d}\n' "$((10#$status))"
  exit 1
fi
printf '{"posted":true,"status":%d}\n' "$status"
