/*
 * Binding from the dashboard (binding.c), for the panes that offer it.
 */
#ifndef VFIOTUI_BINDING_H
#define VFIOTUI_BINDING_H

struct bind_result;
struct host;
struct pci_addr;
struct ui;

/*
 * Gives the IOMMU group of ADDR to vfio-pci (BIND) or back, and says how
 * it went in the status bar; an EXIT_* code.
 */
int	ui_binding(struct ui *, struct host *, const char *proc_root,
	    const struct pci_addr *, int bind);
/* Gives it to vfio-pci past the refusals, as bind --force does. */
int	ui_binding_forced(struct ui *, struct host *, const char *proc_root,
	    const struct pci_addr *);
/*
 * What giving the group of ADDR to vfio-pci would do, and what the bind
 * backend refuses or warns of there: its dry run into RES (which the
 * caller empties with bind_result_clear), here, even where the binding
 * itself goes through pkexec.  Its exit status.
 */
int	ui_binding_plan(struct host *, const char *proc_root,
	    const struct pci_addr *, struct bind_result *res);

#endif
