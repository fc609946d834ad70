/*
 * Binding from the dashboard (binding.c), for the panes that offer it.
 */
#ifndef VFIOTUI_BINDING_H
#define VFIOTUI_BINDING_H

struct host;
struct pci_addr;
struct ui;

/*
 * Gives the IOMMU group of ADDR to vfio-pci (BIND) or back, and says how
 * it went in the status bar; an EXIT_* code.
 */
int	ui_binding(struct ui *, struct host *, const char *proc_root,
	    const struct pci_addr *, int bind);

#endif
