#!/usr/bin/env bash
# rotate_logs DIR COMPRESS_AFTER_DAYS DELETE_AFTER_DAYS DRY_RUN: compress rotated logs, prune old ones.
set -euo pipefail

dir=${1:-/var/log}
compress_after=${2:-1}
delete_after=${3:-30}
case "${4:-false}" in true | True | 1 | yes) dry_run=true ;; *) dry_run=false ;; esac

if [[ ! -d "$dir" ]]; then
  echo "rotate_logs: $dir is not a folder" >&2
  exit 2
fi
for number in "$compress_after" "$delete_after"; do
  [[ "$number" =~ ^[0-9]+$ ]] || { echo "rotate_logs: days must be whole numbers" >&2; exit 2; }
done

compressed=0
deleted=0
freed=0
# Old archives first: gzip keeps a file's modification time, so a log compressed below would
# otherwise count as an old archive at once.
while IFS= read -r -d '' file; do
  size=$(du -k -- "$file" | cut -f1)
  [[ "$dry_run" == false ]] && rm -f -- "$file"
  freed=$((freed + size))
  deleted=$((deleted + 1))
done < <(find "$dir" -xdev -type f -name '*.gz' -mtime +"$((delete_after - 1))" -print0)

# Rotated, not yet compressed: name.1, name.log.2, name-20260101, name.old.
while IFS= read -r -d '' file; do
  size=$(du -k -- "$file" | cut -f1)
  if [[ "$dry_run" == false ]]; then
    gzip -9 -- "$file"
    after=$(du -k -- "$file.gz" | cut -f1)
    ((size > after)) && freed=$((freed + size - after))
  else
    freed=$((freed + size * 9 / 10))
  fi
  compressed=$((compressed + 1))
done < <(find "$dir" -xdev -type f \( -name '*.[0-9]' -o -name '*.[0-9][0-9]' -o -name '*-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' -o -name '*.old' \) -mtime +"$((compress_after - 1))" -print0)

printf '{"dir":"%s","dry_run":%s,"compressed":%d,"deleted":%d,"freed_kb":%d}\n' \
  "$dir" "$dry_run" "$compressed" "$deleted" "$freed"
