/* Counts heap allocations of a whole process, to show that training steps allocate
 * nothing once warm. Build and compare two step counts:
 *
 *   cc -shared -fPIC -O2 -o /tmp/malloc_count.so benchmarks/malloc_count.c
 *   LD_PRELOAD=/tmp/malloc_count.so .build/release/backprop bench --config xor --steps 1000
 *   LD_PRELOAD=/tmp/malloc_count.so .build/release/backprop bench --config xor --steps 11000
 *
 * The difference in the printed counts, divided by 10,000, is allocations per step.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static atomic_long allocations;

void *malloc(size_t size) { atomic_fetch_add(&allocations, 1); return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { atomic_fetch_add(&allocations, 1); return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { atomic_fetch_add(&allocations, 1); return __libc_realloc(p, size); }
void *aligned_alloc(size_t alignment, size_t size) {
    atomic_fetch_add(&allocations, 1);
    return __libc_memalign(alignment, size);
}
void *memalign(size_t alignment, size_t size) {
    atomic_fetch_add(&allocations, 1);
    return __libc_memalign(alignment, size);
}
int posix_memalign(void **out, size_t alignment, size_t size) {
    atomic_fetch_add(&allocations, 1);
    *out = __libc_memalign(alignment, size);
    return *out ? 0 : 12;
}

__attribute__((destructor)) static void report(void) {
    fprintf(stderr, "malloc_count: %ld allocations\n", atomic_load(&allocations));
}
