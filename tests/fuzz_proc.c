/*
 * libFuzzer target for the /proc text parsers (`make fuzz-proc`): the
 * input is one file's text, handed to each parser with the keys the
 * callers use.  No text may make one read past the NUL or step off a
 * null pointer, and a number one finds must be one the text holds.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proctext.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_number(const char *text, const char *key)
{
	unsigned long long	v;
	char			digits[32];

	if (proctext_number(text, key, &v) == -1)
		return;
	snprintf(digits, sizeof digits, "%llu", v);
	if (strstr(text, digits) == NULL)
		abort();
}

static void
check_cmdline(const char *text, const char *param)
{
	char	buf[64];

	if (proctext_cmdline(text, param, buf, sizeof buf) == NULL)
		return;
	if (strlen(buf) >= sizeof buf || strstr(text, buf) == NULL)
		abort();
}

static void
check_stat(const char *text)
{
	struct proctext_stat	st;
	char			digits[32];

	if (proctext_stat(text, &st) == -1)
		return;
	if (memchr(st.comm, '\0', sizeof st.comm) == NULL ||
	    st.state == '\0' || st.start < -1)
		abort();
	snprintf(digits, sizeof digits, "%lld", st.start);
	if (st.start >= 0 && strstr(text, digits) == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*text;

	if ((text = strndup((const char *)data, size)) == NULL)
		abort();
	check_number(text, "MemTotal:");
	check_number(text, "HugePages_Free:");
	check_number(text, "Hugepagesize:");
	check_number(text, "Uid:");
	check_number(text, "btime ");
	(void)proctext_mounted(text, "/dev/hugepages", "hugetlbfs");
	check_cmdline(text, "intel_iommu=");
	check_cmdline(text, "iommu=");
	(void)proctext_has_word(text, "vmx");
	(void)proctext_module_loaded(text, "vfio_pci");
	(void)proctext_module_line(text, "vfio_pci");
	check_stat(text);
	free(text);
	return 0;
}
