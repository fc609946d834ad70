/*
 * libFuzzer target for the sysfs attribute parsers (`make fuzz-sysfs`):
 * each line of the input is an attribute's text as sysfs_read_attr
 * leaves it, handed to each parser: hex ids and class, modalias, a PCI
 * address (a device's directory, its parent's), an IOMMU group's number
 * (its link's last component), the power words.  What a parser takes
 * must be written in the text as the kernel writes it: nothing is read
 * into a value by a sign, a space or a wrap.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pci.h"
#include "sysfs.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* "0x10de", "0x030000", "1": hex digits, 0x or not, leading 0s or not. */
static void
check_hex(const char *s)
{
	unsigned long	 v;
	char		 hex[32];
	const char	*digits = s;

	if (sysfs_parse_hex(s, &v) != 0)
		return;
	if (strncasecmp(digits, "0x", 2) == 0)
		digits += 2;
	while (digits[0] == '0' && digits[1] != '\0')
		digits++;
	snprintf(hex, sizeof hex, "%lx", v);
	if (strcasecmp(hex, digits) != 0)
		abort();
}

static void
check_modalias(const char *s)
{
	struct pci_dev_info	info;
	char			again[128];

	if (pci_modalias_parse(s, &info) != 0)
		return;
	if (info.class > 0xffffff)
		abort();
	snprintf(again, sizeof again,
	    "pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X", info.vendor,
	    info.device, info.subsys_vendor, info.subsys_device,
	    info.class >> 16, info.class >> 8 & 0xff, info.class & 0xff);
	if (strcasecmp(again, s) != 0)
		abort();
}

static void
check_addr(const char *s)
{
	struct pci_addr	addr, again;
	char		name[PCI_ADDR_LEN];

	if (pci_addr_parse(s, &addr) != 0)
		return;
	pci_addr_format(&addr, name);
	if (addr.dev > 0x1f || addr.fn > 7 ||
	    pci_addr_parse(name, &again) != 0 ||
	    pci_addr_cmp(&addr, &again) != 0)
		abort();
}

/* Decimal digits, and the number they are. */
static void
check_index(const char *s)
{
	int	n = sysfs_parse_index(s);

	if (n == -1)
		return;
	if (n < 0 || s[strspn(s, "0123456789")] != '\0' ||
	    strtoull(s, NULL, 10) != (unsigned long long)n)
		abort();
}

/* As read_power() reads them: cut to their fields. */
static void
check_power(const char *s)
{
	struct pci_dev_info	info = { 0 };
	const char		*w;

	snprintf(info.power_state, sizeof info.power_state, "%s", s);
	snprintf(info.runtime_status, sizeof info.runtime_status, "%s", s);
	if ((w = pci_dev_power_word(&info)) == NULL || strlen(w) >= 16)
		abort();
}

static void
check_line(const char *s)
{
	check_hex(s);
	check_modalias(s);
	check_addr(s);
	check_index(s);
	check_power(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*text, *line, *nl;

	if ((text = strndup((const char *)data, size)) == NULL)
		abort();
	for (line = text; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		*nl = '\0';
		check_line(line);
	}
	check_line(line);
	free(text);
	return 0;
}
