# The house style's mechanical rules (STYLE.md, as the code follows it:
# tmux's), one report a line off them: FILE:LINE: rule.  Read by
# tests/style.sh; exits 1 when any line is off.
function report(rule)
{
	print FILENAME ":" FNR ": " rule
	bad++
}

# The columns LINE takes, its tabs to the next multiple of 8.
function width(line,	i, c, w)
{
	w = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		w = c == "\t" ? w - w % 8 + 8 : w + 1
	}
	return w
}

FNR == 1 {
	incomment = 0
	indecl = 0
	header = FILENAME ~ /\.h$/
}

{
	if ($0 ~ /[ \t]$/)
		report("trailing blank")
	if (length($0) > 80 / 8 && width($0) > 80)
		report("over 80 columns")
	# A function's declarations (its first lines, up to a blank one)
	# keep their names on a tab stop: type, tabs, then the name.
	if (prev == "{")
		indecl = 1
	if ($0 == "")
		indecl = 0
	if (indecl && $0 !~ /^\t(return|goto|case|else) / &&
	    $0 ~ /^\t(const |static |unsigned |struct |enum |volatile )*[a-z_][a-z0-9_]*[ \t]+[*]*[a-z_][a-z0-9_]*[ \t]*(=|\[|;|,)/) {
		decl = $0
		sub(/[=\[;,].*/, "", decl)
		if (decl !~ /^\t[^\t]+\t/)
			report("a declaration not aligned on a tab stop")
	}
	prev = $0
	# Tabs indent; a continuation is 4 spaces past them, or 4 spaces
	# alone under a definition's first line.
	if (!incomment && $0 ~ /^ +[^ *\t]/ && $0 !~ /^    [^ ]/)
		report("indented with spaces")
	if ($0 ~ /^\t* +\t/)
		report("a tab after spaces in the indent")
	if (!incomment && $0 ~ /^\t+ ( |  )?[^ *]/)
		report("a continuation not 4 spaces past the indent")
	# A definition's return type has a line of its own (prototypes in
	# headers keep theirs on the name's line).
	if (!header && !incomment && $0 !~ /;$/ && $0 !~ /^(typedef|#)/ &&
	    $0 !~ /__attribute__/ &&
	    $0 ~ /^(static |const |unsigned |struct |enum |[a-z_][a-z0-9_]* )+[* ]*[a-z_][a-z0-9_]*\(/)
		report("a return type on the name's line")
	if ($0 ~ /\/\*/ && $0 !~ /\*\//)
		incomment = 1
	if ($0 ~ /\*\//)
		incomment = 0
}

END {
	exit bad > 0
}
