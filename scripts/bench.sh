#!/usr/bin/env bash
# Benchmarks of the embedded SMTP server on this machine, against 127.0.0.1 only:
# messages per second from postfix's smtp-source, concurrent sessions, idle memory.
# Every load is bounded in count. Results go to standard output; docs/benchmarks.md
# records runs with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=.build/release/maillab
[ -x "$binary" ] || swift build -c release
smtp_source=$(command -v smtp-source || echo /usr/sbin/smtp-source)
lab=$(mktemp -d /tmp/maillab-bench.XXXXXX)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$lab"' EXIT

"$binary" shell --lab-dir "$lab" --lang en >/dev/null <<'SCRIPT'
exit
SCRIPT

"$binary" serve --lab-dir "$lab" --lang en >"$lab/serve.out" 2>&1 &
server=$!
for _ in $(seq 100); do
    grep -q '^SMTP' "$lab/serve.out" 2>/dev/null && break
    sleep 0.1
done
port=$(sed -n 's/^SMTP *127\.0\.0\.1:\([0-9]*\)$/\1/p' "$lab/serve.out")
[ -n "$port" ] || { echo "maillab serve did not start" >&2; cat "$lab/serve.out" >&2; exit 1; }

rss() { awk '/VmRSS/ { print $2 " kB" }' "/proc/$server/status"; }
echo "idle RSS after start: $(rss)"

run() {
    local label=$1 sessions=$2 messages=$3
    local start end
    start=$(date +%s.%N)
    "$smtp_source" -s "$sessions" -m "$messages" -l 1000 -f student@lab.example.jp \
        -t testuser@lab.example.jp "127.0.0.1:$port"
    end=$(date +%s.%N)
    awk -v n="$messages" -v s="$start" -v e="$end" -v l="$label" \
        'BEGIN { printf "%s: %d messages in %.2f s = %.0f msg/s\n", l, n, e - s, n / (e - s) }'
}

run "smtp-source, 50 sessions, 1 kB" 50 10000
run "smtp-source, 500 sessions, 1 kB" 500 5000
echo "RSS after the load: $(rss)"
echo "messages stored: $(ls "$lab/root/home/testuser/Maildir/new" | wc -l)"
