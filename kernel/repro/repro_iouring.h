/* SPDX-License-Identifier: GPL-2.0 */
/*
 * io_uring fixed buffers for the reproducers (included by repro_runtime.h): the page
 * registered with IORING_REGISTER_BUFFERS is a R/W long-term pin (6.1
 * io_uring/rsrc.c io_sqe_buffer_register() -> io_pin_pages() -> pin_user_pages(
 * FOLL_WRITE | FOLL_LONGTERM); 6.12 io_uring/memmap.c io_pin_pages() ->
 * pin_user_pages_fast() with the same flags), as cow.c's test_iouring_ro and
 * test_iouring_fork take it. What the pin sees is read with IORING_OP_WRITE_FIXED
 * (the kernel copies from the pinned page, not from the mapping) into a memfd; the
 * device writes with IORING_OP_READ_FIXED from one. Raw system calls: no liburing.
 */
#ifndef REPRO_IOURING_H
#define REPRO_IOURING_H

#include <linux/io_uring.h>
#include <sys/syscall.h>

struct repro_ring {
	int fd;
	unsigned *sq_tail, *sq_mask, *sq_array;
	unsigned *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
};

static struct repro_ring repro_ring = { .fd = -1 };

REPRO_FN void *ring_map(size_t size, off_t offset)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, repro_ring.fd, offset);

	if (p == MAP_FAILED)
		repro_fail("mmap of the io_uring rings");
	return p;
}

/* io_uring_setup() with 4 entries and the three ring mappings. */
REPRO_FN void ring_setup(void)
{
	struct io_uring_params p;
	char *sq, *cq;

	memset(&p, 0, sizeof(p));
	repro_ring.fd = (int)syscall(__NR_io_uring_setup, 4, &p);
	if (repro_ring.fd < 0)
		repro_skip("io_uring_setup() failed: io_uring is disabled in this kernel");
	sq = ring_map(p.sq_off.array + p.sq_entries * sizeof(unsigned), IORING_OFF_SQ_RING);
	cq = ring_map(p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe), IORING_OFF_CQ_RING);
	repro_ring.sqes = ring_map(p.sq_entries * sizeof(struct io_uring_sqe), IORING_OFF_SQES);
	repro_ring.sq_tail = (unsigned *)(sq + p.sq_off.tail);
	repro_ring.sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
	repro_ring.sq_array = (unsigned *)(sq + p.sq_off.array);
	repro_ring.cq_head = (unsigned *)(cq + p.cq_off.head);
	repro_ring.cq_tail = (unsigned *)(cq + p.cq_off.tail);
	repro_ring.cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
	repro_ring.cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
}

/* One fixed-buffer operation on the byte at the page's start; its result. */
REPRO_FN int ring_fixed(int opcode, int fd)
{
	unsigned tail = *repro_ring.sq_tail, head, index = tail & *repro_ring.sq_mask;
	struct io_uring_sqe *sqe = &repro_ring.sqes[index];
	int res;

	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = (__u8)opcode;
	sqe->fd = fd;
	sqe->addr = (uintptr_t)repro_mem;
	sqe->len = 1;
	sqe->off = 0;
	sqe->buf_index = 0;
	repro_ring.sq_array[index] = index;
	__atomic_store_n(repro_ring.sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, repro_ring.fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) != 1)
		repro_fail("io_uring_enter");
	head = *repro_ring.cq_head;
	if (head == __atomic_load_n(repro_ring.cq_tail, __ATOMIC_ACQUIRE))
		repro_fail("io_uring: no completion");
	res = repro_ring.cqes[head & *repro_ring.cq_mask].res;
	__atomic_store_n(repro_ring.cq_head, head + 1, __ATOMIC_RELEASE);
	return res;
}

/* A memfd of one byte, `value`. */
REPRO_FN int byte_file(unsigned char value)
{
	int fd = memfd_create("repro-io", 0);

	if (fd < 0 || pwrite(fd, &value, 1, 0) != 1)
		repro_fail("memfd for io_uring");
	return fd;
}

/* Registers the page as the ring's fixed buffer 0: the long-term R/W pin. */
REPRO_FN void iouring_register(void)
{
	struct iovec iov = { .iov_base = repro_mem, .iov_len = repro_page };

	if (repro_ring.fd < 0)
		ring_setup();
	if (syscall(__NR_io_uring_register, repro_ring.fd, IORING_REGISTER_BUFFERS, &iov, 1))
		repro_fail("IORING_REGISTER_BUFFERS");
}

/* The byte the registered buffer holds: WRITE_FIXED copies it into a memfd. */
REPRO_FN int iouring_read(void)
{
	int fd = byte_file(0xee);
	unsigned char seen = 0xee;

	if (ring_fixed(IORING_OP_WRITE_FIXED, fd) != 1 || pread(fd, &seen, 1, 0) != 1)
		repro_fail("IORING_OP_WRITE_FIXED from the registered buffer");
	close(fd);
	return seen;
}

/* The device writes `value` into the registered buffer: READ_FIXED from a memfd. */
REPRO_FN void iouring_write(unsigned char value)
{
	int fd = byte_file(value);

	if (ring_fixed(IORING_OP_READ_FIXED, fd) != 1)
		repro_fail("IORING_OP_READ_FIXED into the registered buffer");
	close(fd);
}

REPRO_FN void iouring_unregister(void)
{
	if (syscall(__NR_io_uring_register, repro_ring.fd, IORING_UNREGISTER_BUFFERS, NULL, 0))
		repro_fail("IORING_UNREGISTER_BUFFERS");
}

#endif
