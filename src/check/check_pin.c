/*
 * A guest's pin line judged on this host: the plan it makes (the CPUs
 * named are online, one for each vCPU, or pin = auto finds whole cores),
 * and whether the kernel keeps its own work off the vCPUs' CPUs
 * (isolcpus= and nohz_full= on its command line), with the exact line to
 * add where it does not: advice, not a failure, since a guest runs
 * without it.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_parts.h"
#include "cpulist.h"
#include "cputopo.h"
#include "host.h"
#include "pin.h"
#include "profile.h"

#define CMDLINE_MAX	4096

/*
 * The CPUs of kernel parameter KEY ("isolcpus=") in CMDLINE into *SET;
 * isolcpus' flags ("domain,managed_irq,") before the list are passed over.
 */
static void
param_cpus(const char *cmdline, const char *key, cpu_set_t *set)
{
	const char	*p = cmdline, *v;
	char		 value[256];
	size_t		 len;

	CPU_ZERO(set);
	while ((p = strstr(p, key)) != NULL) {
		if (p != cmdline && !isspace((unsigned char)p[-1])) {
			p++;
			continue;
		}
		v = p + strlen(key);
		while (isalpha((unsigned char)*v) || *v == '_') {
			v += strcspn(v, ", \t\n");
			v += *v == ',';
		}
		len = strcspn(v, " \t\n");
		snprintf(value, sizeof value, "%.*s", (int)len, v);
		if (cpulist_parse(value, set) == -1)
			CPU_ZERO(set);
		p = v;
	}
}

static void
check_isolation(const struct check_env *env, const struct pin_plan *plan,
    struct check_list *list)
{
	cpu_set_t	 vcpus, isol, nohz, both;
	struct check	*c;
	char		*cmdline, want[256];
	size_t		 i;

	if (check_skipped(env, list, "CPU isolation", CHECK_FROM_PROC,
	    "/proc/cmdline") ||
	    (cmdline = check_read_proc(env, "cmdline", CMDLINE_MAX)) == NULL)
		return;
	CPU_ZERO(&vcpus);
	for (i = 0; i < plan->nvcpu; i++)
		CPU_SET(plan->vcpu[i], &vcpus);
	param_cpus(cmdline, "isolcpus=", &isol);
	param_cpus(cmdline, "nohz_full=", &nohz);
	free(cmdline);
	cpulist_format(&vcpus, want, sizeof want);
	CPU_AND(&both, &isol, &nohz);
	CPU_AND(&both, &both, &vcpus);
	if (CPU_EQUAL(&both, &vcpus)) {
		check_add(list, "CPU isolation", CHECK_OK, "the vCPUs' CPUs %s "
		    "are kept from the host's tasks and ticks (isolcpus, "
		    "nohz_full)", want);
		return;
	}
	c = check_add(list, "CPU isolation", CHECK_WARN, "the host still "
	    "runs its own tasks and timer ticks on CPU %s, where the vCPUs "
	    "run: latency in the guest", want);
	check_fix(c, "add to the kernel command line, then reboot: "
	    "isolcpus=%s nohz_full=%s rcu_nocbs=%s", want, want, want);
}

void
check_pinning(const struct check_env *env, const struct profile *prof,
    struct check_list *list)
{
	struct cputopo	 topo;
	struct pin_plan	 plan;
	struct check	*c;
	char		 err[512], text[1024];

	if (prof->pin.line == 0)
		return;
	if (cputopo_read(env->host->sys, &topo, err, sizeof err) == -1) {
		check_add(list, "CPU pinning", CHECK_WARN, "%s", err);
		return;
	}
	if (pin_plan_make(prof, &topo, &plan, err, sizeof err) == -1) {
		c = check_add(list, "CPU pinning", CHECK_FAIL, "%s", err);
		check_fix(c, "%s:%d: change the pin line", prof->path,
		    prof->pin.line);
		cputopo_free(&topo);
		return;
	}
	cputopo_free(&topo);
	pin_plan_describe(&plan, text, sizeof text);
	check_add(list, "CPU pinning", CHECK_OK, "%s", text);
	check_isolation(env, &plan, list);
	pin_plan_free(&plan);
}
