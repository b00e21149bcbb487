/*
 * sha256 — SHA-256 (FIPS 180-4), for content-addressed cache keys and
 * integrity checks. Streaming: init, update any number of times, final.
 */
#ifndef TB_SHA256_H
#define TB_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;
	unsigned char block[64];
	size_t used;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t n);
void sha256_final(struct sha256 *c, unsigned char out[32]);
/* One call: the digest of `n` bytes. */
void sha256(const void *data, size_t n, unsigned char out[32]);
/* 64 lower-case hex digits and a NUL. */
void sha256_hex(const unsigned char digest[32], char out[65]);

#endif
