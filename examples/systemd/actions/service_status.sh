#!/usr/bin/env bash
# service_status SERVICE: the unit's state as one JSON object.
set -euo pipefail

service=${1:?service_status: the service is required}
if ! command -v systemctl >/dev/null; then
  echo "service_status: systemctl not found (is this a systemd host?)" >&2
  exit 1
fi
if ! [[ "$service" =~ ^[A-Za-z0-9@._:-]+$ ]]; then
  echo "service_status: \"$service\" is not a unit name" >&2
  exit 2
fi

if ! shown=$(systemctl show "$service" -p LoadState -p ActiveState -p SubState -p NRestarts -p MainPID); then
  echo "service_status: systemctl cannot read $service" >&2
  exit 1
fi
declare -A state=()
while IFS='=' read -r key value; do
  [[ -n "$key" ]] && state[$key]=$value
done <<<"$shown"

if [[ "${state[LoadState]:-}" == not-found ]]; then
  echo "service_status: no unit $service" >&2
  exit 1
fi
active=false
[[ "${state[ActiveState]:-}" == active ]] && active=true
printf '{"service":"%s","active":%s,"active_state":"%s","sub_state":"%s","restarts":%d,"main_pid":%d}\n' \
  "$service" "$active" "${state[ActiveState]:-unknown}" "${state[SubState]:-unknown}" \
  "${state[NRestarts]:-0}" "${state[MainPID]:-0}"
