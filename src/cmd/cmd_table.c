/*
 * The table of commands: every entry the cmd_*.c files define, in the
 * order --help lists them, and the lookup of the one a command line
 * names.  A name of two words is a family's verb ("net start"); the
 * family itself is no command, only the first word of its verbs'.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"

extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_watch_entry;
extern const struct cmd_entry cmd_bind_entry;
extern const struct cmd_entry cmd_unbind_entry;
extern const struct cmd_entry cmd_restore_entry;
extern const struct cmd_entry cmd_net_start_entry;
extern const struct cmd_entry cmd_net_stop_entry;
extern const struct cmd_entry cmd_net_status_entry;
extern const struct cmd_entry cmd_rom_entry;
extern const struct cmd_entry cmd_check_entry;
extern const struct cmd_entry cmd_guest_list_entry;
extern const struct cmd_entry cmd_guest_new_entry;
extern const struct cmd_entry cmd_guest_edit_entry;
extern const struct cmd_entry cmd_guest_start_entry;
extern const struct cmd_entry cmd_guest_stop_entry;
extern const struct cmd_entry cmd_guest_status_entry;
extern const struct cmd_entry cmd_guest_pause_entry;
extern const struct cmd_entry cmd_guest_resume_entry;
extern const struct cmd_entry cmd_guest_powerdown_entry;
extern const struct cmd_entry cmd_guest_reset_entry;
extern const struct cmd_entry cmd_guest_kill_entry;
extern const struct cmd_entry cmd_guest_attach_entry;
extern const struct cmd_entry cmd_guest_console_entry;
extern const struct cmd_entry cmd_guest_view_entry;
extern const struct cmd_entry cmd_guest_screenshot_entry;
extern const struct cmd_entry cmd_guest_snapshot_entry;
extern const struct cmd_entry cmd_guest_disk_entry;
extern const struct cmd_entry cmd_guest_usb_entry;
extern const struct cmd_entry cmd_guest_import_entry;
extern const struct cmd_entry cmd_memlock_entry;

const struct cmd_entry *const cmd_table[] = {
	&cmd_list_entry,
	&cmd_show_entry,
	&cmd_watch_entry,
	&cmd_bind_entry,
	&cmd_unbind_entry,
	&cmd_restore_entry,
	&cmd_net_start_entry,
	&cmd_net_stop_entry,
	&cmd_net_status_entry,
	&cmd_rom_entry,
	&cmd_check_entry,
	&cmd_guest_list_entry,
	&cmd_guest_new_entry,
	&cmd_guest_edit_entry,
	&cmd_guest_start_entry,
	&cmd_guest_stop_entry,
	&cmd_guest_status_entry,
	&cmd_guest_pause_entry,
	&cmd_guest_resume_entry,
	&cmd_guest_powerdown_entry,
	&cmd_guest_reset_entry,
	&cmd_guest_kill_entry,
	&cmd_guest_attach_entry,
	&cmd_guest_console_entry,
	&cmd_guest_view_entry,
	&cmd_guest_screenshot_entry,
	&cmd_guest_snapshot_entry,
	&cmd_guest_disk_entry,
	&cmd_guest_usb_entry,
	&cmd_guest_import_entry,
	&cmd_memlock_entry,
	NULL
};

/* How many words of ARGV E's name is, or 0 when they are not it. */
static int
cmd_match(const struct cmd_entry *e, int argc, char **argv)
{
	const char	*p = e->name;
	size_t		 len;
	int		 n;

	for (n = 0; *p != '\0'; n++) {
		len = strcspn(p, " ");
		if (n == argc || strncmp(argv[n], p, len) != 0 ||
		    argv[n][len] != '\0')
			return 0;
		p += len;
		p += strspn(p, " ");
	}
	return n;
}

const struct cmd_entry *
cmd_find(int argc, char **argv, int *nwords)
{
	const struct cmd_entry	*const *e, *found = NULL;
	int			 n;

	*nwords = 0;
	for (e = cmd_table; *e != NULL; e++)
		if ((n = cmd_match(*e, argc, argv)) > *nwords) {
			found = *e;
			*nwords = n;
		}
	return found;
}

int
cmd_in_family(const struct cmd_entry *e, const char *family)
{
	size_t	len = strlen(family);

	return strncmp(e->name, family, len) == 0 && e->name[len] == ' ';
}

int
cmd_is_family(const char *word)
{
	const struct cmd_entry	*const *e;

	for (e = cmd_table; *e != NULL; e++)
		if (cmd_in_family(*e, word))
			return 1;
	return 0;
}

/* FAMILY's verbs, as a sentence has them: "start, stop or status". */
static void
family_verbs(const char *family, char *buf, size_t len)
{
	const struct cmd_entry	*const *e;
	const char		*verb = NULL;
	size_t			 used;

	buf[0] = '\0';
	for (e = cmd_table; *e != NULL; e++) {
		if (!cmd_in_family(*e, family))
			continue;
		used = strlen(buf);
		if (verb != NULL)
			snprintf(buf + used, len - used, "%s%s",
			    used > 0 ? ", " : "", verb);
		verb = (*e)->name + strlen(family) + 1;
	}
	used = strlen(buf);
	snprintf(buf + used, len - used, "%s%s", used > 0 ? " or " : "",
	    verb);
}

int
cmd_unknown(int argc, char **argv)
{
	char	verbs[256];

	if (!cmd_is_family(argv[0]))
		return bad_usage("unknown command '%s'", argv[0]);
	if (argc > 1)
		return bad_usage("%s: unknown command '%s'", argv[0], argv[1]);
	family_verbs(argv[0], verbs, sizeof verbs);
	return bad_usage("%s: expected %s", argv[0], verbs);
}
