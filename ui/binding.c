/*
 * Binding from the dashboard, for every pane that offers it (the IOMMU
 * pane's b and u, the Guests pane's start and give-back): bind's words
 * are caught in memory and the line that matters goes to the status bar.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "exitcode.h"
#include "journal.h"
#include "pane.h"

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

int
ui_binding(struct ui *ui, struct host *host, const char *proc_root,
    const struct pci_addr *addr, int bind)
{
	struct bind_opts	 opts = { .proc_root = proc_root };
	char			 jdir[4096], err[256], *out_text = NULL;
	char			*err_text = NULL;
	size_t			 out_len, err_len;
	int			 r = EXIT_FAILED;

	if (journal_dir(jdir, sizeof jdir, err, sizeof err) == -1) {
		ui_message(ui, "%s", err);
		return EXIT_FAILED;
	}
	opts.journal_dir = jdir;
	opts.out = open_memstream(&out_text, &out_len);
	opts.err = open_memstream(&err_text, &err_len);
	if (opts.out != NULL && opts.err != NULL)
		r = bind ? bind_group(host, addr, &opts) :
		    unbind_group(host, addr, &opts);
	if (opts.out != NULL)
		fclose(opts.out);
	if (opts.err != NULL)
		fclose(opts.err);
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
