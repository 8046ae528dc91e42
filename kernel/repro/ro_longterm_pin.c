// SPDX-License-Identifier: GPL-2.0
/*
 * The bundled model's headline cases on a real kernel, in the style of the
 * kernel's tools/testing/selftests/mm/cow.c (test_ro_pin): a R/O FOLL_LONGTERM
 * pin of a page mapped R/O in a private mapping, then a write by the process.
 * The pin must keep seeing what the process sees (invariant
 * pinned_page_stays_mapped of models/gup_cow.pin):
 *
 *   zeropage   scenario ro_pin_zeropage: MAP_PRIVATE anon, read (maps the shared
 *              zeropage), pin R/O long-term, write.
 *   pagecache  scenario ro_pin_pagecache: MAP_PRIVATE of a file, read (maps the
 *              pagecache page), pin R/O long-term, write.
 *   driver     scenario ro_pin_zeropage in variant driver_workaround: the same
 *              zeropage case, pinned as drivers did before 6.2, with
 *              FOLL_FORCE|FOLL_WRITE|FOLL_LONGTERM: coherent, but the pin itself
 *              wrote (the PTE is dirty and soft-dirty before the process writes).
 *
 * Prints one line per case: "CASE INVARIANT PASS|FAIL|SKIP (what was seen)".
 * Needs /dev/pintest (kernel/pintest).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../pintest/pintest.h"

static size_t page;

static int take(int dev, void *addr, unsigned int flags)
{
	struct pintest_take t = { .addr = (uintptr_t)addr, .kind = PINTEST_PIN, .flags = flags };

	return ioctl(dev, PINTEST_IOC_TAKE, &t);
}

static unsigned char pinned_byte(int dev)
{
	unsigned char b = 0;
	struct pintest_io io = { .buf = (uintptr_t)&b, .offset = 0, .len = 1 };

	if (ioctl(dev, PINTEST_IOC_READ, &io))
		return 0xee;
	return b;
}

/* The soft-dirty bit (bit 55) of the page's /proc/self/pagemap entry, -1 if unknown. */
static int soft_dirty(void *addr)
{
	uint64_t entry;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return -1;
	if (pread(fd, &entry, sizeof(entry), (uintptr_t)addr / page * sizeof(entry)) != sizeof(entry)) {
		close(fd);
		return -1;
	}
	close(fd);
	return (entry >> 55) & 1;
}

/* Clears soft-dirty bits of this process (clear_refs 4). */
static void clear_soft_dirty(void)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY);

	if (fd >= 0) {
		if (write(fd, "4", 1) != 1)
			perror("clear_refs");
		close(fd);
	}
}

static char *private_file_mapping(void)
{
	char data[4096];
	int fd = memfd_create("pagecache", 0);
	char *mem;

	if (fd < 0)
		return MAP_FAILED;
	memset(data, 0x11, sizeof(data));
	if (write(fd, data, sizeof(data)) != (ssize_t)sizeof(data)) {
		close(fd);
		return MAP_FAILED;
	}
	mem = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	return mem;
}

/* One case: map, read, pin with `flags`, write 0xff as the process, compare. */
static void run(const char *name, int file, unsigned int flags, int driver)
{
	volatile char *mem;
	int dev = open("/dev/pintest", O_RDWR);
	int dirty_after_pin = -1;
	unsigned char seen;

	if (dev < 0) {
		printf("%s pinned_page_stays_mapped SKIP (no /dev/pintest: %s)\n", name, strerror(errno));
		return;
	}
	mem = file ? private_file_mapping() : mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		printf("%s pinned_page_stays_mapped SKIP (mmap: %s)\n", name, strerror(errno));
		close(dev);
		return;
	}
	(void)mem[0];        /* read: maps the zeropage or the pagecache page R/O */
	clear_soft_dirty();
	if (take(dev, (void *)mem, flags)) {
		printf("%s pinned_page_stays_mapped SKIP (pin: %s)\n", name, strerror(errno));
		close(dev);
		return;
	}
	dirty_after_pin = soft_dirty((void *)mem);
	mem[0] = (char)0xff; /* write: a COW fault if the pinned page is not exclusive */
	seen = pinned_byte(dev);
	printf("%s pinned_page_stays_mapped %s (the pin sees 0x%02x, the process 0x%02x)\n", name,
	       seen == 0xff ? "PASS" : "FAIL", seen, (unsigned char)mem[0]);
	if (driver)
		printf("%s readonly_gup_has_no_write_side_effects %s (soft-dirty after the pin, before any write: %d)\n",
		       name, dirty_after_pin == 0 ? "PASS" : dirty_after_pin == 1 ? "FAIL" : "SKIP", dirty_after_pin);
	ioctl(dev, PINTEST_IOC_RELEASE);
	close(dev);
	munmap((void *)mem, page);
}

int main(void)
{
	page = (size_t)sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IONBF, 0);
	run("ro_pin_zeropage", 0, PINTEST_LONGTERM, 0);
	run("ro_pin_pagecache", 1, PINTEST_LONGTERM, 0);
	run("driver_pin_zeropage", 0, PINTEST_FORCE | PINTEST_WRITE | PINTEST_LONGTERM, 1);
	return 0;
}
