#!/usr/bin/env bash
# restart_service SERVICE VERIFY_SECONDS SETTLE_SECONDS: restart, then verify it is and stays active.
set -euo pipefail

service=${1:?restart_service: the service is required}
verify=${2:-30}
settle=${3:-3}
if ! [[ "$service" =~ ^[A-Za-z0-9@._:-]+$ ]]; then
  echo "restart_service: \"$service\" is not a unit name" >&2
  exit 2
fi
for number in "$verify" "$settle"; do
  [[ "$number" =~ ^[0-9]+$ ]] || { echo "restart_service: seconds must be whole numbers" >&2; exit 2; }
done

systemctl restart "$service"
waited=0
until systemctl is-active --quiet "$service"; do
  if ((waited >= verify)); then
    printf '{"service":"%s","active":false,"waited_seconds":%d}\n' "$service" "$waited"
    echo "restart_service: $service is not active after ${verify}s" >&2
    exit 1
  fi
  sleep 1
  waited=$((waited + 1))
done
# A unit that crashes right after starting is active for a moment: look again.
sleep "$settle"
if ! systemctl is-active --quiet "$service"; then
  printf '{"service":"%s","active":false,"waited_seconds":%d}\n' "$service" "$((waited + settle))"
  echo "restart_service: $service stopped within ${settle}s of starting" >&2
  exit 1
fi
printf '{"service":"%s","active":true,"waited_seconds":%d}\n' "$service" "$((waited + settle))"
