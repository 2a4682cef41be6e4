#!/usr/bin/env bash
# check_disk PATHS THRESHOLD: usage of the filesystems holding PATHS, as one JSON object.
set -euo pipefail

paths=${1:-/}
threshold=${2:-90}
if ! [[ "$threshold" =~ ^[0-9]+$ ]] || ((threshold > 100)); then
  echo "check_disk: threshold must be a whole number from 0 to 100, not \"$threshold\"" >&2
  exit 2
fi

read -r -a targets <<<"$paths"
max=0
entries=()
declare -A seen=()
# -P: one line per filesystem in the POSIX format, sizes in KiB.
while read -r filesystem _blocks used available capacity mount; do
  [[ -n "${seen[$mount]:-}" ]] && continue
  seen[$mount]=1
  percent=${capacity%\%}
  ((percent > max)) && max=$percent
  entries+=("{\"mount\":\"$mount\",\"filesystem\":\"$filesystem\",\"percent\":$percent,\"used_kb\":$used,\"available_kb\":$available}")
done < <(df -P -k -- "${targets[@]}" | tail -n +2)

over=false
((max >= threshold)) && over=true
joined=$(IFS=,; echo "${entries[*]}")
printf '{"threshold":%d,"max_percent":%d,"over_threshold":%s,"filesystems":[%s]}\n' \
  "$threshold" "$max" "$over" "$joined"
