# bench/rounds.awk: a latency bench's rounds, read from its strace log.
# The first file holds the rounds sent, "SEND_US WORD" a line; each line
# of the second (strace -f -ttt) belongs to the last round sent before
# it.  A round ends at the first write() to fd 1 that holds its WORD (also
# across two writes), and prints "TOTAL_US" for it; with -v note=CALL,
# "TOTAL_US NOTE_US", NOTE_US to the first CALL() in the round (-1 if
# none).  -v call: common.sh's strace_call_ere.
function us(ts,    p) {
	split(ts, p, ".")
	return p[1] * 1000000 + p[2]
}
FNR == NR {
	send[++n] = $1
	word[n] = $2
	next
}
{
	t = us($2)
	while (k < n && send[k + 1] <= t) {
		k++
		acc = ""
	}
	if (k == 0 || done[k])
		next
	if (note != "" && index($3, note "(") == 1 && !(k in noted))
		noted[k] = t
	if ($3 !~ /^write\(1,/)
		next
	s = $0
	sub(call "write\\(1, \"", "", s)
	sub(/", [0-9]+\) += .*$/, "", s)
	acc = acc s
	if (index(acc, word[k])) {
		done[k] = 1
		if (note == "")
			print t - send[k]
		else
			print t - send[k], (k in noted) ? noted[k] - send[k] : -1
	} else
		acc = substr(acc, length(acc) - 63)
}
