/*
 * abicheck - the build check that include/module_abi.h and its NASM mirror
 * include/module_abi.inc describe the same 64-byte header.
 *
 *   abicheck OFFSETS.BIN
 *
 * OFFSETS.BIN is tools/abicheck.asm assembled (nasm -f bin) against the
 * .inc: the offset of every field in header order, then the struc size, as
 * 16-bit words.  This program compares them with offsetof() on the C
 * struct.  A field renamed on one side fails to assemble; a field resized
 * or moved fails here.  Exit 0 = identical.
 */
#include <stdio.h>
#include <stddef.h>
#include "module_abi.h"

#define F(f) { #f, offsetof(struct mod_header, f) }
static const struct { const char *name; size_t off; } fields[] = {
    F(magic), F(abi_version), F(hdr_size), F(name), F(mod_version),
    F(min_cpu), F(flags), F(image_bytes), F(resident_paras), F(total_paras),
    F(cold_off), F(init_off), F(unload_off), F(api_off), F(api_count),
    F(api_version), F(checksum), F(stack_bytes), F(reserved),
    { "(size)", sizeof(struct mod_header) }
};

int main(int argc, char **argv)
{
    FILE *f;
    unsigned char w[2];
    size_t i, nf = sizeof(fields) / sizeof(fields[0]);
    int bad = 0;
    unsigned v;

    if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
        fprintf(stderr, "usage: abicheck OFFSETS.BIN\n");
        return 2;
    }
    for (i = 0; i < nf; i++) {
        if (fread(w, 1, 2, f) != 2) {
            fprintf(stderr, "abicheck: NASM side has fewer fields than C\n");
            return 1;
        }
        v = w[0] | (w[1] << 8);
        if (v != fields[i].off) {
            fprintf(stderr, "abicheck: %s: C offset %u, NASM offset %u\n",
                    fields[i].name, (unsigned)fields[i].off, v);
            bad = 1;
        }
    }
    if (fread(w, 1, 2, f) != 0) {
        fprintf(stderr, "abicheck: NASM side has more fields than C\n");
        bad = 1;
    }
    fclose(f);
    if (!bad)
        printf("abicheck: module header agrees in C and NASM (%u fields, %u bytes)\n",
               (unsigned)(nf - 1), (unsigned)sizeof(struct mod_header));
    return bad;
}
