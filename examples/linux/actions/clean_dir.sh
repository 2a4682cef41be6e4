#!/usr/bin/env bash
# clean_dir DIR OLDER_THAN_DAYS NAME_PATTERN DRY_RUN: delete old files, report what was freed.
set -euo pipefail

dir=${1:?clean_dir: the folder to clean is required}
days=${2:-7}
pattern=${3:-*}
case "${4:-false}" in true | True | 1 | yes) dry_run=true ;; *) dry_run=false ;; esac

resolved=$(cd -- "$dir" 2>/dev/null && pwd -P) || { echo "clean_dir: $dir is not a folder" >&2; exit 2; }
if [[ "$resolved" == / ]]; then
  echo "clean_dir: refusing to clean /" >&2
  exit 2
fi
[[ "$days" =~ ^[0-9]+$ ]] || { echo "clean_dir: older_than_days must be a whole number" >&2; exit 2; }

deleted=0
freed=0
while IFS= read -r -d '' file; do
  size=$(du -k -- "$file" | cut -f1)
  [[ "$dry_run" == false ]] && rm -f -- "$file"
  freed=$((freed + size))
  deleted=$((deleted + 1))
done < <(find "$resolved" -xdev -type f -name "$pattern" -mtime +"$((days > 0 ? days - 1 : 0))" -print0)

printf '{"dir":"%s","dry_run":%s,"deleted":%d,"freed_kb":%d}\n' "$resolved" "$dry_run" "$deleted" "$freed"
