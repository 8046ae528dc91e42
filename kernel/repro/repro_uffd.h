/* SPDX-License-Identifier: GPL-2.0 */
/*
 * userfaultfd write-protection for the reproducers (included by repro_runtime.h): the
 * parent registers the page with UFFDIO_REGISTER_MODE_WP and write-protects it with
 * UFFDIO_WRITEPROTECT (mm/userfaultfd.c mwriteprotect_range(), 6.1 and 6.12). A
 * monitor thread answers every write-protect fault (fs/userfaultfd.c
 * handle_userfault(), reached from do_wp_page() on a uffd-wp PTE) by clearing the
 * protection, as a live-snapshot monitor does once it has copied the page, and
 * records whether the fault came while a R/O take was in progress: a write-protect
 * fault raised for a read-only GUP request is the write side effect
 * readonly_gup_has_no_write_side_effects forbids.
 */
#ifndef REPRO_UFFD_H
#define REPRO_UFFD_H

#include <linux/userfaultfd.h>
#include <pthread.h>
#include <sys/syscall.h>

static int repro_uffd = -1;

REPRO_FN void *uffd_monitor(void *unused)
{
	struct uffd_msg msg;

	(void)unused;
	for (;;) {
		struct uffdio_writeprotect wp = { .mode = 0 };

		if (read(repro_uffd, &msg, sizeof(msg)) != (ssize_t)sizeof(msg)) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return NULL;
		}
		if (msg.event != UFFD_EVENT_PAGEFAULT || !(msg.arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WP))
			continue;
		repro->uffd_wp_faults++;
		if (repro->taking_readonly)
			repro->readonly_take_faulted = 1;
		wp.range.start = msg.arg.pagefault.address & ~((__u64)repro_page - 1);
		wp.range.len = repro_page;
		if (ioctl(repro_uffd, UFFDIO_WRITEPROTECT, &wp))
			repro_fail("UFFDIO_WRITEPROTECT (resolving a write-protect fault)");
	}
}

/* The userfaultfd, its WP registration of the page, and the monitor thread, once. */
REPRO_FN void uffd_register(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_WP };
	pthread_t monitor;

	repro_uffd = (int)syscall(__NR_userfaultfd, O_CLOEXEC);
	if (repro_uffd < 0)
		repro_skip("userfaultfd() failed: no userfaultfd in this kernel");
	if (ioctl(repro_uffd, UFFDIO_API, &api))
		repro_fail("UFFDIO_API");
	if (!(api.features & UFFD_FEATURE_PAGEFAULT_FLAG_WP))
		repro_skip("this kernel's userfaultfd has no write-protection");
	reg.range.start = (uintptr_t)repro_mem;
	reg.range.len = repro_page;
	if (ioctl(repro_uffd, UFFDIO_REGISTER, &reg))
		repro_fail("UFFDIO_REGISTER (mode WP)");
	if (pthread_create(&monitor, NULL, uffd_monitor, NULL))
		repro_fail("pthread_create (userfaultfd monitor)");
	pthread_detach(monitor);
}

/* UFFDIO_WRITEPROTECT with mode WP: marks the present PTE uffd-wp and write-protects it. */
REPRO_FN void uffd_writeprotect(void)
{
	struct uffdio_writeprotect wp = { .mode = UFFDIO_WRITEPROTECT_MODE_WP };

	if (repro_uffd < 0)
		uffd_register();
	wp.range.start = (uintptr_t)repro_mem;
	wp.range.len = repro_page;
	if (ioctl(repro_uffd, UFFDIO_WRITEPROTECT, &wp))
		repro_fail("UFFDIO_WRITEPROTECT (mode WP)");
}

#endif
