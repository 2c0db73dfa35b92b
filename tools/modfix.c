/*
 * modfix - finish a linked module image: fill the header fields the linker
 * cannot compute (resident and total paragraphs, stack size, checksum) and
 * check the ones it did (magic, image size, offsets inside the image).
 *
 *   modfix IN.BIN OUT.MOD STACK_BYTES
 *
 * Host tool (C89, gcc).  Reads the header through the same struct the
 * loader uses (include/module_abi.h), little-endian host assumed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include "module_abi.h"

static unsigned char img[65536];

static unsigned get16(size_t off) { return img[off] | (img[off + 1] << 8); }
static void put16(size_t off, unsigned v)
{
    img[off] = (unsigned char)(v & 0xFF);
    img[off + 1] = (unsigned char)(v >> 8);
}

#define F(f) offsetof(struct mod_header, f)

int main(int argc, char **argv)
{
    FILE *f;
    long n;
    unsigned long sum;
    size_t i;
    unsigned cold, entry, stack;

    if (argc != 4) {
        fprintf(stderr, "usage: modfix IN.BIN OUT.MOD STACK_BYTES\n");
        return 2;
    }
    f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    n = (long)fread(img, 1, sizeof(img), f);
    if (fgetc(f) != EOF) { fprintf(stderr, "modfix: image over 64 KB\n"); return 1; }
    fclose(f);
    if (n < MOD_HDR_SIZE || memcmp(img, "PDMD", 4) != 0) {
        fprintf(stderr, "modfix: %s: no module header\n", argv[1]);
        return 1;
    }
    if ((long)get16(F(image_bytes)) != n) {
        fprintf(stderr, "modfix: image is %ld bytes, header says %u\n", n, get16(F(image_bytes)));
        return 1;
    }
    cold = get16(F(cold_off));
    if (cold < MOD_HDR_SIZE || (long)cold > n) {
        fprintf(stderr, "modfix: cold_off %u outside the image\n", cold);
        return 1;
    }
    entry = get16(F(init_off));
    if (entry < MOD_HDR_SIZE || entry >= cold) {
        fprintf(stderr, "modfix: init entry %u must be resident (< %u)\n", entry, cold);
        return 1;
    }
    if (get16(F(unload_off)) >= cold || get16(F(api_off)) >= cold) {
        fprintf(stderr, "modfix: unload entry and API table must be resident\n");
        return 1;
    }
    /* The private stack is the last stack bytes of the block, not part of
     * the image: past the image while init runs, over the init part once
     * the block is shrunk to the resident part. */
    stack = (unsigned)atoi(argv[3]);
    if (stack < 256 || (stack & 15) != 0 || (unsigned long)n + stack + 15 >= 0x10000UL) {
        fprintf(stderr, "modfix: stack of %u bytes: a multiple of 16, at least 256, and the"
                " image with it under 64 KB\n", stack);
        return 1;
    }
    put16(F(resident_paras), (cold + stack + 15) >> 4);
    put16(F(total_paras), (unsigned)((n + stack + 15) >> 4));
    put16(F(stack_bytes), stack);
    put16(F(checksum), 0);
    sum = 0;
    for (i = 0; i < (size_t)n; i += 2)
        sum += get16(i);            /* img[n] is 0: odd byte zero-padded */
    put16(F(checksum), (unsigned)((0x10000UL - (sum & 0xFFFF)) & 0xFFFF));

    f = fopen(argv[2], "wb");
    if (!f || fwrite(img, 1, (size_t)n, f) != (size_t)n || fclose(f) != 0) {
        perror(argv[2]);
        return 1;
    }
    printf("%s: %ld bytes, resident %u bytes (%u paragraphs, the %u-byte stack included),"
           " init part %ld bytes\n", argv[2], n, ((cold + stack + 15) >> 4) << 4,
           (cold + stack + 15) >> 4, stack, n - (long)cold);
    return 0;
}
