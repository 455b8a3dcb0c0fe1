#!/bin/sh
# Runs the production server (.next/portal-server.mjs, built by `npm run build`) with the memory settings
# that must be in place before the process starts (docs/decisions/0024-memory-and-start.md). Arguments are
# further Node.js options (the load bench adds --expose-gc). `exec`: the server keeps this process's id and
# receives its signals directly.
#
# glibc's allocator (ignored elsewhere): two arenas instead of up to eight per core, and blocks of 128 KB and
# more in their own mappings, returned to the system when freed, instead of a threshold that grows with the
# largest block freed and leaves the arenas holding freed memory.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-131072}"
# The young generation as Node.js 20 sizes it: Node.js 24 sizes it from the heap limit (64 MB per
# semi-space with the default limit of a machine with some memory), four times as much, resident once used.
exec node --max-semi-space-size=16 "$@" .next/portal-server.mjs
