/*
 * Binding from the dashboard, for every pane that offers it (the IOMMU
 * pane's b and u, the Guests pane's start and give-back): bind's words
 * are caught in memory and the line that matters goes to the status bar.
 * A user who is not root binds through pkexec (src/pkexec.c), as the
 * command line does.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "bind_text.h"
#include "exitcode.h"
#include "host.h"
#include "journal.h"
#include "pane.h"
#include "pkexec.h"

/* The last line of OUT: where the group now stands. */
static void
show_outcome(struct ui *ui, char *out, size_t len)
{
	char	*line;

	while (len > 0 && out[len - 1] == '\n')
		out[--len] = '\0';
	line = strrchr(out, '\n');
	ui_message(ui, "%s", line ? line + 1 : out);
}

/* The installed vfiotui binds as root; its words go to the status bar. */
static int
root_binding(struct ui *ui, const struct pci_addr *addr, int bind)
{
	char	 where[PCI_ADDR_LEN], out[2048], err[512], *args[3];
	int	 r;

	pci_addr_format(addr, where);
	args[0] = bind ? "bind" : "unbind";
	args[1] = where;
	args[2] = NULL;
	if ((r = pkexec_vfiotui(args, 0, out, sizeof out, err,
	    sizeof err)) == -1) {
		ui_message(ui, "%s %s needs root: %s", args[0], where, err);
		return EXIT_FAILED;
	}
	if (r == EXIT_OK)
		show_outcome(ui, out, strlen(out));
	else {
		out[strcspn(out, "\n")] = '\0';
		ui_message(ui, "%s", strncmp(out, "vfiotui: ", 9) ? out :
		    out + 9);
	}
	return r;
}

int
ui_binding(struct ui *ui, struct host *host, const char *proc_root,
    const struct pci_addr *addr, int bind)
{
	struct bind_opts	 opts = { .proc_root = proc_root };
	struct bind_result	 res;
	char			 jdir[4096], why[256], *out_text = NULL;
	char			*err_text = NULL;
	FILE			*out, *err;
	size_t			 out_len, err_len;
	int			 r = EXIT_FAILED;

	if (pkexec_needed(host->sys))
		return root_binding(ui, addr, bind);
	if (journal_dir(jdir, sizeof jdir, why, sizeof why) == -1) {
		ui_message(ui, "%s", why);
		return EXIT_FAILED;
	}
	opts.journal_dir = jdir;
	out = open_memstream(&out_text, &out_len);
	err = open_memstream(&err_text, &err_len);
	if (out != NULL && err != NULL) {
		r = bind ? bind_group(host, addr, &opts, &res) :
		    unbind_group(host, addr, &opts, &res);
		bind_text_print(&res, out, err);
		bind_result_clear(&res);
	}
	if (out != NULL)
		fclose(out);
	if (err != NULL)
		fclose(err);
	if (r == EXIT_OK && out_text != NULL)
		show_outcome(ui, out_text, out_len);
	else if (err_text != NULL && err_text[0] != '\0') {
		err_text[strcspn(err_text, "\n")] = '\0';
		ui_message(ui, "%s", strncmp(err_text, "vfiotui: ", 9) ?
		    err_text : err_text + 9);
	} else
		ui_message(ui, "%s failed", bind ? "bind" : "unbind");
	free(out_text);
	free(err_text);
	return r;
}
