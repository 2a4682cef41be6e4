#!/usr/bin/env bash
# host_health MAX_LOAD_PER_CPU MIN_MEMORY_PERCENT MAX_DISK_PERCENT: vital signs as one JSON object.
set -euo pipefail

max_load=${1:-2}
min_memory=${2:-10}
max_disk=${3:-90}

read -r load1 _ < /proc/loadavg
cpus=$(nproc)
memory_total=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
memory_available=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo)
memory_percent=$((memory_available * 100 / memory_total))
disk_percent=$(df -P -k / | awk 'NR == 2 {sub("%", "", $5); print $5}')
uptime_seconds=$(awk '{printf "%d", $1}' /proc/uptime)

problems=()
if awk -v l="$load1" -v c="$cpus" -v m="$max_load" 'BEGIN {exit !(l / c > m)}'; then
  problems+=("\"load $load1 on $cpus CPUs is over $max_load per CPU\"")
fi
((memory_percent < min_memory)) && problems+=("\"only $memory_percent% of memory is available\"")
((disk_percent >= max_disk)) && problems+=("\"the root filesystem is $disk_percent% full\"")

healthy=true
((${#problems[@]} > 0)) && healthy=false
joined=$(IFS=,; echo "${problems[*]}")
printf '{"healthy":%s,"problems":[%s],"load1":%s,"cpus":%d,"memory_available_percent":%d,"root_disk_percent":%d,"uptime_seconds":%d}\n' \
  "$healthy" "$joined" "$load1" "$cpus" "$memory_percent" "$disk_percent" "$uptime_seconds"
