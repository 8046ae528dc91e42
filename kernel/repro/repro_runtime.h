/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The runtime of the reproducers `pincheck repro` writes: what each step of a
 * model's table (models/NAME.repro) calls. In the style of the kernel's
 * tools/testing/selftests/mm/cow.c: one page, mapped in one way, touched by up
 * to two processes (fork()), taken as a driver takes it (the pintest module,
 * kernel/pintest), as io_uring registers a fixed buffer, as vmsplice() takes it, or
 * written through /proc/self/mem, and at the end what the references see compared
 * with what the processes see.
 *
 * Steps run in order whatever process runs them: a step waits for its turn on a
 * counter in a MAP_SHARED page, runs in its process, then passes the turn on.
 */
#ifndef REPRO_RUNTIME_H
#define REPRO_RUNTIME_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pintest.h"

#define REPRO_PROCESSES 2
/* A reproducer uses only the helpers its steps need. */
#define REPRO_FN static __attribute__((unused))

struct repro_shared {
	volatile int turn;                         /* the step whose turn it is */
	volatile int failed;                       /* a step failed: every process stops */
	volatile int skipped;                      /* a step cannot run here: every process stops */
	volatile unsigned char last_written;       /* the last value any process wrote */
	volatile int readonly_take_wrote[REPRO_PROCESSES]; /* a R/O take left the PTE soft-dirty */
	volatile int taking_readonly;              /* a R/O take is in progress */
	volatile int readonly_take_faulted;        /* ... and raised a userfaultfd write-protect fault */
	volatile int uffd_wp_faults;               /* write-protect faults the monitor answered */
	volatile int forked;                       /* fork() has run */
	volatile unsigned char parent_wrote[256];  /* values the parent wrote after fork() */
	volatile unsigned char child_wrote[256];   /* values the child wrote */
};

static struct repro_shared *repro;
static const char *repro_name;
static size_t repro_page;
static char *volatile repro_mem;  /* the page, in this process */
static int repro_self;            /* 0 the parent, 1 the child */
static pid_t repro_child = -1;
static int repro_dev = -1;        /* /dev/pintest, opened by this process */
/* How this process holds the page (the model's GUP reference). */
enum repro_ref {
	REF_NONE,
	REF_MODULE,  /* through /dev/pintest, as a driver */
	REF_PIPE,    /* in a pipe, by vmsplice() */
	REF_IOURING, /* as io_uring's fixed buffer 0 */
	REF_PROCMEM, /* a write through /proc/self/mem, which holds it only within the call */
};
static enum repro_ref repro_holds;
static int repro_pipe[2] = { -1, -1 };
static int repro_holds_longterm;  /* ... taken with FOLL_LONGTERM */
static int repro_discarded;       /* ... and since zapped or unmapped by this process */
static int repro_unmapped;        /* this process unmapped the page */

REPRO_FN void repro_skip(const char *why)
{
	printf("%s SKIP (%s)\n", repro_name, why);
	if (repro && repro != MAP_FAILED)
		repro->skipped = 1;
	exit(0);
}

REPRO_FN void repro_begin(const char *name)
{
	repro_name = name;
	repro_page = (size_t)sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IONBF, 0);
	repro = mmap(NULL, repro_page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (repro == MAP_FAILED)
		repro_skip("mmap of the shared turn page failed");
	repro->turn = 1;
}

/*
 * Waits until step `n` may run (the counter only grows, so a process that was slow to
 * look never misses its turn); whether process `who` (-1: the parent) runs it here.
 */
REPRO_FN int repro_step(int n, int who)
{
	while (repro->turn < n) {
		if (repro->skipped)
			exit(0);
		if (repro->failed)
			exit(1);
		sched_yield();
	}
	return repro_self == (who < 0 ? 0 : who);
}

REPRO_FN void repro_next(int n)
{
	if (repro->turn == n)
		repro->turn = n + 1;
}

REPRO_FN void repro_fail(const char *what)
{
	printf("%s step failed: %s: %s\n", repro_name, what, strerror(errno));
	repro->failed = 1;
	exit(1);
}

/* The steps that use io_uring and userfaultfd. */
#include "repro_iouring.h"
#include "repro_uffd.h"

/* mmap(kind, prot_write): anonymous or a memfd file of one page holding 0x11. */
REPRO_FN void map_page(int shared, int file, int writable, int file_writable)
{
	int prot = PROT_READ | (writable ? PROT_WRITE : 0);
	int fd = -1;

	if (file) {
		char data[4096];

		fd = memfd_create("repro", MFD_ALLOW_SEALING);
		memset(data, 0x11, sizeof(data));
		if (fd < 0 || write(fd, data, sizeof(data)) != (ssize_t)sizeof(data))
			repro_fail("memfd");
		if (!file_writable && fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE))
			repro_fail("F_SEAL_WRITE");
	}
	repro_mem = mmap(NULL, repro_page, prot, (shared ? MAP_SHARED : MAP_PRIVATE) | (file ? 0 : MAP_ANONYMOUS),
			 fd, 0);
	if (repro_mem == MAP_FAILED)
		repro_fail("mmap");
	if (fd >= 0)
		close(fd);
}

REPRO_FN void touch_read(void)
{
	(void)*(volatile char *)repro_mem;
}

REPRO_FN void touch_write(void)
{
	repro->last_written = (unsigned char)(repro->last_written + 0x22);
	*(volatile unsigned char *)repro_mem = repro->last_written;
	if (repro->forked && repro_self == 0)
		repro->parent_wrote[repro->last_written] = 1;
	if (repro_self == 1)
		repro->child_wrote[repro->last_written] = 1;
}

REPRO_FN void do_fork(void)
{
	repro->forked = 1;
	repro_child = fork();
	if (repro_child < 0)
		repro_fail("fork");
	if (repro_child == 0) {
		repro_self = 1;
		repro_dev = -1;
		repro_holds = REF_NONE;
	}
}

/* The page's /proc/self/pagemap entry (fs/proc/task_mmu.c), 0 when unreadable. */
REPRO_FN uint64_t pagemap_entry(void)
{
	uint64_t entry = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return 0;
	if (pread(fd, &entry, sizeof(entry), (uintptr_t)repro_mem / repro_page * sizeof(entry)) != sizeof(entry))
		entry = 0;
	close(fd);
	return entry;
}

/* Bit 55: soft-dirty. */
REPRO_FN int soft_dirty(void)
{
	return (int)((pagemap_entry() >> 55) & 1);
}

REPRO_FN void clear_soft_dirty(void)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY);

	if (fd < 0 || write(fd, "4", 1) != 1)
		repro_fail("clear_refs");
	close(fd);
}

/*
 * Records that this process now holds the page, and for a R/O take (soft-dirty cleared
 * before it) whether it left the PTE soft-dirty.
 */
REPRO_FN void held(enum repro_ref how, int requested_write, int longterm)
{
	repro_holds = how;
	repro_holds_longterm = longterm;
	repro_discarded = 0;
	if (!requested_write && soft_dirty() == 1)
		repro->readonly_take_wrote[repro_self] = 1;
}

/*
 * pin_user_pages() or get_user_pages() of the page, with the FOLL_ flags the
 * variant's driver passes; `requested_write` is what the caller asked for: a R/O
 * take that leaves the PTE soft-dirty has written (readonly_gup_has_no_write_side_effects).
 */
REPRO_FN void take_page(unsigned int kind, int requested_write, int write, int force, int longterm)
{
	struct pintest_take t = { .addr = (uintptr_t)repro_mem, .kind = kind };

	t.flags = (write ? PINTEST_WRITE : 0) | (force ? PINTEST_FORCE : 0) | (longterm ? PINTEST_LONGTERM : 0);
	if (repro_dev < 0)
		repro_dev = open("/dev/pintest", O_RDWR);
	if (repro_dev < 0)
		repro_skip("no /dev/pintest: load kernel/pintest");
	if (!requested_write)
		clear_soft_dirty();
	repro->taking_readonly = !requested_write;
	if (ioctl(repro_dev, PINTEST_IOC_TAKE, &t))
		repro_fail("PINTEST_IOC_TAKE");
	repro->taking_readonly = 0;
	held(REF_MODULE, requested_write, longterm);
}

/* A R/W long-term pin as io_uring takes it: the page registered as a fixed buffer. */
REPRO_FN void iouring_take(void)
{
	iouring_register();
	held(REF_IOURING, 1, 1);
}

/*
 * A write through /proc/self/mem (fs/proc/base.c mem_rw() -> access_remote_vm() ->
 * __access_remote_vm(): get_user_pages_remote(FOLL_FORCE | FOLL_WRITE), write, put_page(),
 * 6.1 and 6.12), which the model splits into its GUP call and the write through the
 * reference. Each half is a real write through /proc/self/mem: the take writes back the
 * byte it reads there (the forced write GUP, with its write fault, at the model's time,
 * and no new data); the write step writes the new value (a second forced GUP, of the page
 * mapped then).
 */
REPRO_FN void procmem_rw(int write, unsigned char *byte)
{
	int fd = open("/proc/self/mem", O_RDWR);
	ssize_t n;

	if (fd < 0)
		repro_fail("open /proc/self/mem");
	n = write ? pwrite(fd, byte, 1, (off_t)(uintptr_t)repro_mem) : pread(fd, byte, 1, (off_t)(uintptr_t)repro_mem);
	if (n != 1)
		repro_fail(write ? "write to /proc/self/mem" : "read from /proc/self/mem");
	close(fd);
}

REPRO_FN void procmem_take(void)
{
	unsigned char byte;

	procmem_rw(0, &byte);
	procmem_rw(1, &byte);
	held(REF_PROCMEM, 1, 0);
}

/* The write through the reference this process holds (a R/W one). */
REPRO_FN void device_write(void)
{
	unsigned char b;
	struct pintest_io io = { .buf = (uintptr_t)&b, .offset = 0, .len = 1 };

	repro->last_written = (unsigned char)(repro->last_written + 0x22);
	b = repro->last_written;
	if (repro_holds == REF_IOURING)
		iouring_write(b);
	else if (repro_holds == REF_PROCMEM)
		procmem_rw(1, &b);
	else if (ioctl(repro_dev, PINTEST_IOC_WRITE, &io))
		repro_fail("PINTEST_IOC_WRITE");
}

/*
 * vmsplice() of the page into a pipe: a short-term R/O reference, as cow.c's
 * test_vmsplice_in_child takes it (fs/splice.c vmsplice_to_pipe() ->
 * iov_iter_get_pages2() -> get_user_pages_fast() with no FOLL_ flags, 6.1).
 */
REPRO_FN void vmsplice_take(void)
{
	struct iovec iov = { .iov_base = repro_mem, .iov_len = repro_page };

	if (pipe(repro_pipe))
		repro_fail("pipe");
	clear_soft_dirty();
	repro->taking_readonly = 1;
	if (vmsplice(repro_pipe[1], &iov, 1, 0) != (ssize_t)repro_page)
		repro_fail("vmsplice");
	repro->taking_readonly = 0;
	held(REF_PIPE, 0, 0);
}

REPRO_FN void release_page(void)
{
	if (repro_holds == REF_PIPE) {
		close(repro_pipe[0]);
		close(repro_pipe[1]);
		repro_pipe[0] = repro_pipe[1] = -1;
	} else if (repro_holds == REF_IOURING) {
		iouring_unregister();
	} else if (repro_holds == REF_MODULE && ioctl(repro_dev, PINTEST_IOC_RELEASE)) {
		repro_fail("PINTEST_IOC_RELEASE");
	}
	repro_holds = REF_NONE;
}

REPRO_FN void do_madvise(int advice, const char *what)
{
	if (madvise(repro_mem, repro_page, advice))
		repro_fail(what);
	repro_discarded = repro_holds != REF_NONE && advice == MADV_DONTNEED;
}

REPRO_FN void do_munmap(void)
{
	if (munmap(repro_mem, repro_page))
		repro_fail("munmap");
	repro_discarded = repro_holds != REF_NONE;
	repro_unmapped = 1;
}

/* Bit 62 of the page's pagemap entry: swapped out. */
REPRO_FN int swapped(void)
{
	return (int)((pagemap_entry() >> 62) & 1);
}

/* MADV_PAGEOUT, as cow.c swaps a page out; SKIP when the page did not go (no swap). */
REPRO_FN void swap_out(void)
{
	if (madvise(repro_mem, repro_page, MADV_PAGEOUT))
		repro_fail("MADV_PAGEOUT");
	if (!swapped()) {
		repro_skip("MADV_PAGEOUT did not swap the page out: is swap enabled?");
	}
}

REPRO_FN void mprotect_readonly_then_writable(void)
{
	if (mprotect(repro_mem, repro_page, PROT_READ) || mprotect(repro_mem, repro_page, PROT_READ | PROT_WRITE))
		repro_fail("mprotect");
}

/*
 * pinned_page_stays_mapped: the page a process holds long-term through the module,
 * unless it zapped or unmapped it since, is the one its mapping shows (the same byte,
 * after a write), as the model's invariant says. readonly_gup_has_no_write_side_effects:
 * no R/O take wrote.
 */
/*
 * The byte the page this process holds shows, or -1 (none held, or a /proc/self/mem
 * write, which held its page only within the call).
 */
REPRO_FN int held_byte(void)
{
	unsigned char seen = 0xee;
	struct pintest_io io = { .buf = (uintptr_t)&seen, .offset = 0, .len = 1 };

	if (repro_holds == REF_NONE || repro_holds == REF_PROCMEM)
		return -1;
	if (repro_holds == REF_IOURING)
		return iouring_read();
	if (repro_holds == REF_PIPE) {
		unsigned char *data = malloc(repro_page);

		/* Reading the pipe consumes it: the last look at this reference. */
		if (!data || read(repro_pipe[0], data, repro_page) != (ssize_t)repro_page)
			repro_fail("read from the vmsplice() pipe");
		seen = data[0];
		free(data);
		return seen;
	}
	if (ioctl(repro_dev, PINTEST_IOC_READ, &io))
		repro_fail("PINTEST_IOC_READ");
	return seen;
}

REPRO_FN void repro_observe(int pinned_page_stays_mapped, int readonly_gup_has_no_write_side_effects,
			    int no_leak_from_parent_to_child, int no_leak_from_child_to_parent)
{
	if (pinned_page_stays_mapped && repro_holds != REF_NONE && repro_holds_longterm && !repro_discarded) {
		int seen = held_byte();
		int mapped = *(volatile unsigned char *)repro_mem;

		printf("%s pinned_page_stays_mapped %s (process %d: the pin sees 0x%02x, the mapping 0x%02x)\n", repro_name,
		       seen == mapped ? "PASS" : "FAIL", repro_self, seen, mapped);
	}
	if (no_leak_from_parent_to_child && repro_self == 1) {
		int held = held_byte();
		int mapped = repro_unmapped ? -1 : *(volatile unsigned char *)repro_mem;
		int leaked = (held >= 0 && repro->parent_wrote[held]) || (mapped >= 0 && repro->parent_wrote[mapped]);

		printf("%s no_leak_from_parent_to_child %s (the child's reference sees %d, its mapping %d)\n", repro_name,
		       leaked ? "FAIL" : "PASS", held, mapped);
	}
	/* After the child's last write: the parent's reference and mapping see none of it. */
	if (no_leak_from_child_to_parent && repro_self == 0 && repro->forked) {
		int held = held_byte();
		int mapped = repro_unmapped ? -1 : *(volatile unsigned char *)repro_mem;
		int leaked = (held >= 0 && repro->child_wrote[held]) || (mapped >= 0 && repro->child_wrote[mapped]);

		printf("%s no_leak_from_child_to_parent %s (the parent's reference sees %d, its mapping %d)\n", repro_name,
		       leaked ? "FAIL" : "PASS", held, mapped);
	}
	if (readonly_gup_has_no_write_side_effects && repro_self == 0) {
		int dirtied = repro->readonly_take_wrote[0] || repro->readonly_take_wrote[1];
		int faulted = repro->readonly_take_faulted;

		printf("%s readonly_gup_has_no_write_side_effects %s (a R/O take left the PTE %s%s; %d write-protect "
		       "faults)\n",
		       repro_name, dirtied || faulted ? "FAIL" : "PASS", dirtied ? "soft-dirty" : "clean",
		       faulted ? " and raised a userfaultfd write-protect fault" : "", repro->uffd_wp_faults);
	}
}

/* The end: the parent observes, then the child (which then exits), then the parent waits for it. */
REPRO_FN void repro_end(int last, int pinned_page_stays_mapped, int readonly_gup_has_no_write_side_effects,
			int no_leak_from_parent_to_child, int no_leak_from_child_to_parent)
{
	if (repro_step(last + 1, 0)) {
		repro_observe(pinned_page_stays_mapped, readonly_gup_has_no_write_side_effects, 0,
			      no_leak_from_child_to_parent);
		repro_next(last + 1);
	}
	if (repro_step(last + 2, 1)) {
		repro_observe(pinned_page_stays_mapped, 0, no_leak_from_parent_to_child, 0);
		repro_next(last + 2);
		exit(0);
	}
	if (repro_child > 0) {
		repro_step(last + 3, 0);
		waitpid(repro_child, NULL, 0);
	}
	printf("%s done\n", repro_name);
}

#endif
