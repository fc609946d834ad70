#!/bin/bash
# What a guest costs, with the real QEMU: guest status measures each vCPU
# thread over a second (/proc's ticks, QMP's thread ids), QEMU's resident
# memory and the disks' rates.  A guest whose boot sector spins shows
# near 100% of its vCPU; one that halts, near 0.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "$TESTLIB")/guestlib.sh"
need_qemu

spin_and_halt_guests

vf guest start spin >/dev/null
guest_watch spin
spin_pid=$GUEST_PID
vf guest start halt >/dev/null
guest_watch halt
sleep 2

json=$(vf guest status --json spin)
expect_eq "status --json: exit status" 0 "$?"
spin=$(jq -r '.figures.vcpu_percent[0]' <<<"$json")
# Near 100% on an idle host; a CI machine running the suite on both its
# cores leaves a spinning vCPU half of one, so the bound is lower.
expect_eq "a spinning vCPU: most of a CPU" yes \
	"$(awk -v p="$spin" 'BEGIN { print (p >= 35 && p <= 110) ? "yes" : "no (" p ")" }')"
expect_eq "one vCPU" 1 "$(jq -r '.figures.vcpu_percent | length' <<<"$json")"
rss=$(jq -r '.figures.rss_kib' <<<"$json")
expect_eq "its resident memory, as /proc says" yes \
	"$(awk -v r="$rss" -v s="$(awk '/^VmRSS:/ {print $2}' /proc/"$spin_pid"/status)" \
		'BEGIN { d = r - s; if (d < 0) d = -d; print (r > 0 && d < s / 5) ? "yes" : "no (" r " vs " s ")" }')"
expect_match "the disks' rates" '^[0-9]+ [0-9]+$' \
	"$(jq -r '"\(.figures.disk_read_bps) \(.figures.disk_write_bps)"' <<<"$json")"
halt=$(vf guest status --json halt | jq -r '.figures.vcpu_percent[0]')
expect_eq "a halted vCPU: near 0, far below the spinning one" yes \
	"$(awk -v p="$halt" -v s="$spin" 'BEGIN { print (p >= 0 && p < 15 && s > 3 * p) ? "yes" : "no (" p " vs " s ")" }')"
out=$(vf guest status spin)
expect_match "status in words: the vCPU's share" '^cpu vCPU0 [0-9]+%$' "$out"
expect_match "and its memory" '^memory [0-9]+ MiB resident$' "$out"

finish
