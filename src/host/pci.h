/*
 * PCI devices as sysfs describes them: addresses, ids, driver and power
 * state.  Everything here comes from attribute files and links; nothing
 * reads config space, which would wake a runtime-suspended GPU.
 */
#ifndef VFIOTUI_PCI_H
#define VFIOTUI_PCI_H

#include <stddef.h>
#include <stdint.h>

struct sysfs;

/* "dddd:bb:dd.f" plus the NUL; domains above ffff (VMD) need 8 digits. */
#define PCI_ADDR_LEN	18

struct pci_addr {
	uint32_t	domain;
	uint8_t		bus;
	uint8_t		dev;
	uint8_t		fn;
};

/* What pci_dev_read() fills in. */
#define PCI_INFO_IDENT	0x1	/* ids, subsystem, class, revision, group */
#define PCI_INFO_DETAIL	0x2	/* parent bridge, boot_vga */
#define PCI_INFO_STATE	0x4	/* driver, driver_override, d3cold_allowed */
#define PCI_INFO_POWER	0x8	/* power_state, runtime_status, control */
#define PCI_INFO_DRIVER	0x10	/* driver alone, of PCI_INFO_STATE */
#define PCI_INFO_ALL	(PCI_INFO_IDENT | PCI_INFO_DETAIL | PCI_INFO_STATE | \
	    PCI_INFO_POWER)

struct pci_dev_info {
	struct pci_addr	addr;
	char		name[PCI_ADDR_LEN];	/* canonical dddd:bb:dd.f */
	uint16_t	vendor;
	uint16_t	device;
	uint16_t	subsys_vendor;
	uint16_t	subsys_device;
	uint32_t	class;		/* base, sub, prog-if: 0x030000 */
	uint8_t		revision;
	int		iommu_group;	/* -1: none */
	char		parent[PCI_ADDR_LEN];	/* "" on a root bus */
	int		boot_vga;	/* -1: no such attribute */
	char		driver[64];	/* "" when unbound */
	char		driver_override[64];	/* "" when not set */
	/* D0, D3hot, D3cold; "" unknown */
	char		power_state[16];
	char		runtime_status[16];	/* active, suspended, ... */
	char		power_control[8];	/* auto, on */
	int		d3cold_allowed;	/* -1: unknown */
};

/*
 * Parses "dddd:bb:dd.f" or "bb:dd.f" (domain 0) strictly: hex digits only,
 * device at most 1f, function at most 7, nothing after.  Returns 0 or -1.
 */
int	pci_addr_parse(const char *s, struct pci_addr *addr);
void	pci_addr_format(const struct pci_addr *, char buf[PCI_ADDR_LEN]);
/* "bb:dd.f", or the full form when with_domain is set, as lspci does. */
void	pci_addr_format_slot(const struct pci_addr *, int with_domain,
	    char buf[PCI_ADDR_LEN]);
int	pci_addr_cmp(const struct pci_addr *, const struct pci_addr *);

/*
 * The ids and class in the text S of a device's modalias attribute,
 * "pci:v000010DEd00001C20sv00001558sd000065A1bc03sc00i00", in INFO.
 * 0, or -1 with INFO as it was.
 */
int	pci_modalias_parse(const char *s, struct pci_dev_info *info);

/*
 * Reads the device NAME (canonical address) under bus/pci/devices.
 * Returns 0, or -errno with the device left partly filled.
 */
int	pci_dev_read(const struct sysfs *, const char *name, int what,
	    struct pci_dev_info *);

int	pci_dev_is_bridge(const struct pci_dev_info *);
int	pci_dev_is_display(const struct pci_dev_info *);
/*
 * Reads the PCI_INFO_POWER fields alone: three small attribute files,
 * none of which resumes the device.  0 or -errno.
 */
int	pci_dev_read_power(const struct sysfs *, struct pci_dev_info *);
/* Writes VALUE to the device's attribute ATTR; 0 or -errno. */
int	pci_dev_write_attr(const struct sysfs *, const char *name,
	    const char *attr, const char *value);
/* Whether the device is in D3cold, where its config space reads as ff. */
int	pci_dev_reads_ff(const struct pci_dev_info *);

/* A short word for the power state: D0, D3hot, suspended, D3cold, ... */
const char	*pci_dev_power_word(const struct pci_dev_info *);

#endif
